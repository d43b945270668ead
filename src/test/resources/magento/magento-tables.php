<?php
/*
 * Writes Magento 2.4's integration tables as a mysqldump file, with secrets encrypted exactly as
 * Magento's Encryptor does (Magento\Framework\Encryption\Adapter\SodiumChachaIetf):
 *   <key version>:3:base64(nonce . sodium_crypto_aead_chacha20poly1305_ietf_encrypt(data, nonce, nonce, key))
 * with the key of that version from env.php's 'crypt/key' (keys split on white space; a key written
 * "base64<...>" stands for its decoded bytes, Magento 2.4.7+). PHP's sodium extension is an
 * implementation independent of the JDK's ChaCha20-Poly1305, which Keyway's import uses.
 *
 * Input (standard input), JSON:
 *   {"cryptKey": "<env.php crypt/key value>",
 *    "integrations": [{"id": 1, "name": "...", "email": null, "endpoint": null, "identityLinkUrl": null,
 *                      "status": 1, "setupType": 0, "consumerKey": "...", "consumerSecret": "...",
 *                      "secretKeyVersion": 1 (or null to store the secret in clear),
 *                      "consumerUpdatedAt": "2024-05-01 10:00:00",
 *                      "token": null | {"type": "access", "token": "...", "secret": "...", "verifier": "...",
 *                                       "revoked": 0, "authorized": 1},
 *                      "resources": ["Magento_Backend::all"]}]}
 * Output (standard output): the SQL file.
 */
$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$keys = preg_split('/\s+/s', trim($input['cryptKey']));
$keys = array_map(
    fn ($key) => str_starts_with($key, 'base64') ? base64_decode(substr($key, strlen('base64'))) : $key,
    $keys
);

function magento_encrypt(array $keys, int $version, string $data): string
{
    $nonce = random_bytes(SODIUM_CRYPTO_AEAD_CHACHA20POLY1305_IETF_NPUBBYTES);
    $sealed = sodium_crypto_aead_chacha20poly1305_ietf_encrypt($data, $nonce, $nonce, $keys[$version]);
    return $version . ':3:' . base64_encode($nonce . $sealed);
}

function sql($value): string
{
    if ($value === null) {
        return 'NULL';
    }
    if (is_int($value)) {
        return (string) $value;
    }
    // mysqldump's escaping: backslash, quotes, NUL, new line, carriage return, Ctrl-Z
    return "'" . strtr((string) $value, ["\\" => "\\\\", "'" => "\\'", "\"" => "\\\"", "\0" => "\\0",
        "\n" => "\\n", "\r" => "\\r", "\x1a" => "\\Z"]) . "'";
}

function insert(string $table, array $rows): string
{
    if (!$rows) {
        return '';
    }
    $values = array_map(fn ($row) => '(' . implode(',', array_map('sql', $row)) . ')', $rows);
    return "LOCK TABLES `$table` WRITE;\n/*!40000 ALTER TABLE `$table` DISABLE KEYS */;\n"
        . "INSERT INTO `$table` VALUES " . implode(',', $values) . ";\n"
        . "/*!40000 ALTER TABLE `$table` ENABLE KEYS */;\nUNLOCK TABLES;\n";
}

$integrations = $consumers = $tokens = $roles = $rules = [];
$tokenId = 1;
$ruleId = 1;
foreach ($input['integrations'] as $i) {
    $consumerId = 100 + $i['id'];
    $secret = $i['secretKeyVersion'] === null ? $i['consumerSecret']
        : magento_encrypt($keys, $i['secretKeyVersion'], $i['consumerSecret']);
    $updated = $i['consumerUpdatedAt'] ?? '2024-05-01 10:00:00';
    $consumers[] = [$consumerId, '2024-05-01 09:00:00', $updated, 'Integration' . $consumerId, $i['consumerKey'],
        $secret, null, ''];
    $integrations[] = [$i['id'], $i['name'], $i['email'], $i['endpoint'], $i['status'], $consumerId,
        '2024-05-01 09:00:00', $updated, $i['setupType'], $i['identityLinkUrl']];
    if ($i['token'] !== null) {
        $t = $i['token'];
        $tokenSecret = $i['secretKeyVersion'] === null ? $t['secret']
            : magento_encrypt($keys, $i['secretKeyVersion'], $t['secret']);
        $tokens[] = [$tokenId++, $consumerId, null, null, $t['type'], $t['token'], $tokenSecret, $t['verifier'],
            'oob', $t['revoked'], $t['authorized'], 1, $updated];
    }
    $roleId = 1000 + $i['id'];
    $roles[] = [$roleId, 0, 1, 0, 'U', $i['id'], '1', $i['name']];
    foreach ($i['resources'] as $resource) {
        $rules[] = [$ruleId++, $roleId, $resource, null, 'allow'];
    }
}
// an admin user's role and an admin token without consumer: not an integration's, never imported
$roles[] = [1, 0, 1, 1, 'G', 0, '2', 'Administrators'];
$rules[] = [$ruleId++, 1, 'Magento_Backend::all', null, 'allow'];
$tokens[] = [$tokenId++, null, 1, null, 'access', 'admintokenadmintokenadmintoken12', 'adminsecret', '', 'oob', 0, 1,
    2, '2024-05-01 09:00:00'];

$out = "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost    Database: magento\n"
    . "-- ------------------------------------------------------\n\n"
    . "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!40101 SET NAMES utf8mb4 */;\n"
    . "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n\n";
$out .= <<<'SQL'
DROP TABLE IF EXISTS `authorization_rule`;
DROP TABLE IF EXISTS `authorization_role`;
DROP TABLE IF EXISTS `integration`;
DROP TABLE IF EXISTS `oauth_token`;
DROP TABLE IF EXISTS `oauth_consumer`;
CREATE TABLE `oauth_consumer` (
  `entity_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity ID',
  `created_at` timestamp NOT NULL DEFAULT current_timestamp() COMMENT 'Created At',
  `updated_at` timestamp NULL DEFAULT '0000-00-00 00:00:00' ON UPDATE current_timestamp() COMMENT 'Updated At',
  `name` varchar(255) NOT NULL COMMENT 'Name of consumer',
  `key` varchar(32) NOT NULL COMMENT 'Key code',
  `secret` varchar(128) NOT NULL COMMENT 'Secret code',
  `callback_url` text DEFAULT NULL COMMENT 'Callback URL',
  `rejected_callback_url` text NOT NULL COMMENT 'Rejected callback URL',
  PRIMARY KEY (`entity_id`),
  UNIQUE KEY `OAUTH_CONSUMER_KEY` (`key`),
  UNIQUE KEY `OAUTH_CONSUMER_SECRET` (`secret`),
  KEY `OAUTH_CONSUMER_CREATED_AT` (`created_at`),
  KEY `OAUTH_CONSUMER_UPDATED_AT` (`updated_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COMMENT='OAuth Consumers';
CREATE TABLE `oauth_token` (
  `entity_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity ID',
  `consumer_id` int(10) unsigned DEFAULT NULL COMMENT 'Oauth Consumer ID',
  `admin_id` int(10) unsigned DEFAULT NULL COMMENT 'Admin user ID',
  `customer_id` int(10) unsigned DEFAULT NULL COMMENT 'Customer user ID',
  `type` varchar(16) NOT NULL COMMENT 'Token Type',
  `token` varchar(32) NOT NULL COMMENT 'Token',
  `secret` varchar(128) NOT NULL COMMENT 'Token Secret',
  `verifier` varchar(32) DEFAULT NULL COMMENT 'Token Verifier',
  `callback_url` text NOT NULL COMMENT 'Token Callback URL',
  `revoked` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Is Token revoked',
  `authorized` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Is Token authorized',
  `user_type` int(11) DEFAULT NULL COMMENT 'User type',
  `created_at` timestamp NOT NULL DEFAULT current_timestamp() COMMENT 'Token creation timestamp',
  PRIMARY KEY (`entity_id`),
  UNIQUE KEY `OAUTH_TOKEN_TOKEN` (`token`),
  KEY `OAUTH_TOKEN_CONSUMER_ID` (`consumer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COMMENT='OAuth Tokens';
CREATE TABLE `integration` (
  `integration_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Integration ID',
  `name` varchar(255) NOT NULL COMMENT 'Integration name is displayed in the admin interface',
  `email` varchar(255) NOT NULL COMMENT 'Email address of the contact person',
  `endpoint` varchar(255) DEFAULT NULL COMMENT 'Endpoint for posting consumer credentials',
  `status` smallint(5) unsigned NOT NULL COMMENT 'Integration status',
  `consumer_id` int(10) unsigned DEFAULT NULL COMMENT 'Oauth consumer',
  `created_at` timestamp NOT NULL DEFAULT current_timestamp() COMMENT 'Creation Time',
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp() COMMENT 'Update Time',
  `setup_type` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Integration type - manual or config file',
  `identity_link_url` varchar(255) DEFAULT NULL COMMENT 'Identity linking Url',
  PRIMARY KEY (`integration_id`),
  UNIQUE KEY `INTEGRATION_NAME` (`name`),
  UNIQUE KEY `INTEGRATION_CONSUMER_ID` (`consumer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COMMENT='integration';
CREATE TABLE `authorization_role` (
  `role_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Role ID',
  `parent_id` int(10) unsigned NOT NULL DEFAULT 0 COMMENT 'Parent Role ID',
  `tree_level` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Role Tree Level',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Role Sort Order',
  `role_type` varchar(1) NOT NULL DEFAULT '0' COMMENT 'Role Type',
  `user_id` int(10) unsigned NOT NULL DEFAULT 0 COMMENT 'User ID',
  `user_type` varchar(16) DEFAULT NULL COMMENT 'User Type',
  `role_name` varchar(50) DEFAULT NULL COMMENT 'Role Name',
  PRIMARY KEY (`role_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COMMENT='Admin Role Table';
CREATE TABLE `authorization_rule` (
  `rule_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Rule ID',
  `role_id` int(10) unsigned NOT NULL DEFAULT 0 COMMENT 'Role ID',
  `resource_id` varchar(255) DEFAULT NULL COMMENT 'Resource ID',
  `privileges` varchar(20) DEFAULT NULL COMMENT 'Privileges',
  `permission` varchar(10) DEFAULT NULL COMMENT 'Permission',
  PRIMARY KEY (`rule_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COMMENT='Admin Rule Table';

SQL;
$out .= insert('oauth_consumer', $consumers) . insert('oauth_token', $tokens) . insert('integration', $integrations)
    . insert('authorization_role', $roles) . insert('authorization_rule', $rules);
$out .= "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n\n-- Dump completed on 2024-05-01 10:00:00\n";
echo $out;
