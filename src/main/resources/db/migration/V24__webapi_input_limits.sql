-- settings: Magento 2.4.7's Web API input limits (Services › Magento Web API › Web API Input Limits),
-- with Magento's defaults: off, 20 list items, 300 per page at most, 20 per page when none is asked for.
INSERT INTO runtime_settings (path, setting_value, updated_at) VALUES
    ('webapi/validation/input_limit_enabled',  '0',   CURRENT_TIMESTAMP),
    ('webapi/validation/complex_array_limit',  '20',  CURRENT_TIMESTAMP),
    ('webapi/validation/maximum_page_size',    '300', CURRENT_TIMESTAMP),
    ('webapi/validation/default_page_size',    '20',  CURRENT_TIMESTAMP);
