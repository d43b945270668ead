#!/usr/bin/env python3
"""Writes src/main/resources/db/migration/V3__demo_store.sql: the demo store Keyway ships (SPEC 5.6).

Deterministic (a fixed linear congruential generator, no dates from the clock), Python 3 standard
library only. The SQL it writes runs unchanged on H2 2.x and PostgreSQL 12+. Rows get explicit ids so
that references are plain numbers; each identity column is then restarted after the highest id.

Run from the repository root:  python3 tools/generate-demo-store.py
Never edit the .sql by hand: change this script, run it, commit both. Flyway checksums the file, so
after the first release a change needs a new migration instead.
"""

from datetime import datetime, timedelta
from decimal import Decimal, ROUND_HALF_UP
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "db", "migration",
                   "V3__demo_store.sql")

EUR_PER_USD = Decimal("0.92")


class Lcg:
    """A tiny deterministic generator, so the output never depends on Python's random module."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return self.state >> 33

    def below(self, n):
        return self.next() % n

    def choice(self, items):
        return items[self.below(len(items))]


def q(text):
    """An SQL string literal, or NULL."""
    if text is None:
        return "NULL"
    return "'" + str(text).replace("'", "''") + "'"


def ts(moment):
    return "TIMESTAMP WITH TIME ZONE '" + moment.strftime("%Y-%m-%d %H:%M:%S") + "+00:00'"


def money(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def slug(text):
    out = []
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def values(rows):
    return ",\n".join("    (" + ", ".join(row) + ")" for row in rows)


T0 = datetime(2024, 3, 4, 9, 0, 0)

# ---------------------------------------------------------------------------------------------------
# Stores
# ---------------------------------------------------------------------------------------------------

STORE_SQL = """-- store: Magento's admin scope (id 0) and one website, one store group, two store views.
INSERT INTO store_websites (id, code, name, default_group_id) VALUES
    (0, 'admin', 'Admin', 0),
    (1, 'base', 'Main Website', 1);
INSERT INTO store_groups (id, website_id, code, name, root_category_id, default_store_id) VALUES
    (0, 0, 'default', 'Default', 0, 0),
    (1, 1, 'main_website_store', 'Main Website Store', 2, 1);
INSERT INTO store_views (id, code, website_id, group_id, name, sort_order, is_active) VALUES
    (0, 'admin', 0, 0, 'Admin', 0, TRUE),
    (1, 'default', 1, 1, 'Default Store View', 0, TRUE),
    (2, 'fr', 1, 1, 'French Store View', 1, TRUE);
INSERT INTO store_configs (store_id, locale, base_currency_code, default_display_currency_code, timezone, weight_unit) VALUES
    (1, 'en_US', 'USD', 'USD', 'America/Denver', 'lbs'),
    (2, 'fr_FR', 'USD', 'EUR', 'Europe/Paris', 'lbs');
"""

# ---------------------------------------------------------------------------------------------------
# Categories: (id, parent, name, description)
# ---------------------------------------------------------------------------------------------------

CATEGORIES = [
    (1, None, "Root Catalog", None),
    (2, 1, "Default Category", None),
    (3, 2, "Jackets & Coats", "Shells, insulated jackets and parkas for wind, rain and cold."),
    (4, 2, "Tops & Base Layers", "Merino and synthetic layers that move moisture and keep their shape."),
    (5, 2, "Pants & Shorts", "Hiking pants, convertible pants and trail shorts."),
    (6, 2, "Footwear", "Boots, trail runners and camp shoes."),
    (7, 2, "Packs & Bags", "Daypacks, backpacking packs and travel bags."),
    (8, 2, "Camping", "Everything for a night outside."),
    (9, 8, "Tents & Shelters", "Backpacking tents, tarps and bivies."),
    (10, 8, "Sleeping Bags & Pads", "Down and synthetic bags, inflatable and foam pads."),
    (11, 2, "Accessories", "Hats, gloves, socks, bottles and small gear."),
    (12, 2, "Sale", "Last season's colours at lower prices."),
]

# ---------------------------------------------------------------------------------------------------
# Products: (sku, name, category, price, weight lbs, color, material, description, french name or None)
# ---------------------------------------------------------------------------------------------------

PRODUCTS = [
    # Jackets & Coats
    ("SP-JK-001", "Ridgeline 2.5L Rain Shell", 3, "149.00", "0.75", "Spruce", "Recycled nylon",
     "A packable 2.5-layer shell with taped seams, pit zips and a helmet-compatible hood.", "Veste de pluie Ridgeline 2.5L"),
    ("SP-JK-002", "Alpenglow Down Jacket", 3, "229.00", "0.90", "Ember", "800-fill down",
     "Responsibly sourced 800-fill down in a light ripstop shell; stuffs into its own pocket.", "Doudoune Alpenglow"),
    ("SP-JK-003", "Timberline Insulated Parka", 3, "319.00", "2.10", "Black", "Synthetic insulation",
     "A long, warm parka for city winters and ski-lodge evenings, with a removable faux-fur ruff.", "Parka isolée Timberline"),
    ("SP-JK-004", "Switchback Softshell", 3, "129.00", "0.95", "Slate", "Stretch woven polyester",
     "Wind-resistant, breathable softshell for fast hikes and shoulder-season climbs.", None),
    ("SP-JK-005", "Cirrus Wind Shell", 3, "89.00", "0.25", "Glacier", "Ripstop nylon",
     "A 7-ounce wind shell that packs down to the size of an apple.", "Coupe-vent Cirrus"),
    ("SP-JK-006", "Basecamp Fleece Hoodie", 3, "79.00", "1.05", "Heather Grey", "Recycled polyester fleece",
     "A cosy 200-weight fleece hoodie with zip hand pockets.", "Sweat polaire Basecamp"),
    ("SP-JK-007", "Storm Ridge Ski Jacket", 3, "289.00", "1.80", "Signal Red", "3L waterproof membrane",
     "A fully waterproof ski jacket with powder skirt, RECCO reflector and wrist gaiters.", None),
    # Tops & Base Layers
    ("SP-TP-001", "Merino 150 Crew Base Layer", 4, "75.00", "0.35", "Charcoal", "Merino wool",
     "Lightweight merino crew that stays fresh for days on the trail.", "Sous-vêtement mérinos 150"),
    ("SP-TP-002", "Merino 250 Quarter-Zip", 4, "105.00", "0.55", "Forest", "Merino wool",
     "Midweight merino with a quarter zip for venting on the climb.", "Haut mérinos 250 demi-zip"),
    ("SP-TP-003", "Trailhead Tech Tee", 4, "35.00", "0.20", "Ocean", "Recycled polyester",
     "A quick-drying tee with UPF 30 sun protection.", "T-shirt technique Trailhead"),
    ("SP-TP-004", "Canyon Sun Hoodie", 4, "59.00", "0.30", "Sand", "Polyester-spandex",
     "UPF 50 sun hoodie with thumb loops and a scuba hood.", None),
    ("SP-TP-005", "Flannel Camp Shirt", 4, "65.00", "0.60", "Red Plaid", "Organic cotton flannel",
     "Brushed organic flannel for campfires and cold mornings.", "Chemise de camp en flanelle"),
    ("SP-TP-006", "Summit Long-Sleeve Tee", 4, "42.00", "0.25", "Dusk", "Tencel blend",
     "A soft long-sleeve tee that breathes on the approach.", None),
    # Pants & Shorts
    ("SP-PT-001", "Traverse Hiking Pant", 5, "89.00", "0.70", "Khaki", "Stretch nylon",
     "Durable stretch pant with articulated knees and zip thigh pocket.", "Pantalon de randonnée Traverse"),
    ("SP-PT-002", "Convertible Trail Pant", 5, "95.00", "0.75", "Olive", "Nylon-spandex",
     "Zip-off legs turn this pant into shorts when the sun comes out.", "Pantalon convertible Trail"),
    ("SP-PT-003", "Boulder Climbing Pant", 5, "79.00", "0.80", "Stone", "Organic cotton canvas",
     "Gusseted crotch, drawcord waist and a brush loop for the crag.", None),
    ("SP-PT-004", "Riverbend Trail Short", 5, "49.00", "0.30", "Navy", "Recycled nylon",
     "A 7-inch short with a built-in liner for long, hot days.", "Short de trail Riverbend"),
    ("SP-PT-005", "Rain Pant Full-Zip", 5, "99.00", "0.55", "Black", "2.5L waterproof nylon",
     "Full-length side zips let you pull these on over boots.", None),
    ("SP-PT-006", "Thermal Leggings", 5, "55.00", "0.30", "Charcoal", "Brushed polyester",
     "Warm leggings to wear under shells or alone on winter walks.", None),
    # Footwear
    ("SP-FW-001", "Granite Peak Mid GTX Boot", 6, "189.00", "2.40", "Brown", "Leather and GORE-TEX",
     "Waterproof mid-height hiking boot with a Vibram outsole.", "Chaussure Granite Peak Mid GTX"),
    ("SP-FW-002", "Scree Trail Runner", 6, "139.00", "1.30", "Lime", "Engineered mesh",
     "Light trail runner with a rock plate and 5 mm lugs.", "Chaussure de trail Scree"),
    ("SP-FW-003", "Approach Pro Shoe", 6, "149.00", "1.60", "Grey", "Suede",
     "Sticky rubber toe for scrambles and approach trails.", None),
    ("SP-FW-004", "Camp Slip-On", 6, "69.00", "1.10", "Tan", "Recycled wool felt",
     "A warm, packable camp shoe with a fold-down heel.", None),
    ("SP-FW-005", "Winter Pac Boot", 6, "169.00", "3.60", "Black", "Waterproof leather",
     "Insulated to -40 with a removable felt liner.", "Botte d'hiver Pac"),
    ("SP-FW-006", "Trail Sandal", 6, "79.00", "1.00", "Moss", "Polyester webbing",
     "Adjustable straps and a grippy outsole for river crossings.", None),
    # Packs & Bags
    ("SP-PK-001", "Daytripper 22L Pack", 7, "99.00", "1.40", "Spruce", "Recycled nylon",
     "A 22-litre daypack with hydration sleeve and hip-belt pockets.", "Sac à dos Daytripper 22L"),
    ("SP-PK-002", "Longtrail 55L Backpack", 7, "249.00", "3.80", "Slate", "Robic nylon",
     "Adjustable-torso backpacking pack with a ventilated back panel.", "Sac à dos Longtrail 55L"),
    ("SP-PK-003", "Summit 30L Alpine Pack", 7, "179.00", "2.10", "Orange", "Dyneema composite",
     "Ice-axe loops, rope strap and a removable lid for summit days.", None),
    ("SP-PK-004", "Duffel 60L", 7, "129.00", "2.60", "Black", "TPU-coated polyester",
     "Weatherproof duffel that converts to a backpack.", "Sac de voyage 60L"),
    ("SP-PK-005", "Hip Pack 3L", 7, "39.00", "0.40", "Ember", "Recycled nylon",
     "A hip pack for phone, keys and snacks on short runs.", None),
    ("SP-PK-006", "Kids Adventure 15L Pack", 7, "59.00", "0.90", "Sky", "Recycled polyester",
     "A small pack with a chest strap and reflective details.", None),
    # Tents & Shelters
    ("SP-TN-001", "Horizon 2 Backpacking Tent", 9, "379.00", "3.20", "Sand", "Silnylon",
     "A freestanding two-person tent with two doors and two vestibules.", "Tente de randonnée Horizon 2"),
    ("SP-TN-002", "Horizon 1 Solo Tent", 9, "299.00", "2.40", "Sand", "Silnylon",
     "A one-person version of the Horizon with a single large vestibule.", None),
    ("SP-TN-003", "Basecamp 4 Family Tent", 9, "449.00", "11.50", "Green", "Polyester",
     "Near-vertical walls and room for four, with a screened porch.", "Tente familiale Basecamp 4"),
    ("SP-TN-004", "Ultralight Tarp 3x3", 9, "159.00", "0.85", "Olive", "Silpoly",
     "A versatile square tarp with twelve tie-outs.", None),
    ("SP-TN-005", "Storm Bivy", 9, "219.00", "1.20", "Grey", "Waterproof-breathable nylon",
     "A hooped bivy for alpine starts and emergency nights.", None),
    # Sleeping Bags & Pads
    ("SP-SL-001", "Nightfall 20F Down Bag", 10, "329.00", "2.30", "Navy", "650-fill down",
     "A mummy bag rated to 20F with a draft collar and two-way zip.", "Sac de couchage Nightfall -7°C"),
    ("SP-SL-002", "Summer Breeze 40F Bag", 10, "139.00", "1.60", "Sky", "Synthetic insulation",
     "A light synthetic bag that opens flat into a quilt.", None),
    ("SP-SL-003", "AirCore Insulated Pad", 10, "169.00", "1.00", "Orange", "Ripstop nylon",
     "R-value 4.2 inflatable pad that packs to the size of a water bottle.", "Matelas isolant AirCore"),
    ("SP-SL-004", "Foam Z-Pad", 10, "49.00", "0.90", "Yellow", "Closed-cell foam",
     "Unpoppable folding foam pad, R-value 2.0.", None),
    ("SP-SL-005", "Camp Pillow", 10, "35.00", "0.25", "Grey", "Brushed polyester",
     "An inflatable pillow with a soft, brushed cover.", None),
    # Accessories
    ("SP-AC-001", "Merino Trail Sock 2-Pack", 11, "29.00", "0.20", "Charcoal", "Merino wool",
     "Cushioned merino hiking socks with a seamless toe.", "Chaussettes mérinos (lot de 2)"),
    ("SP-AC-002", "Alpine Beanie", 11, "32.00", "0.15", "Ember", "Merino wool",
     "A double-layer merino beanie.", "Bonnet Alpine"),
    ("SP-AC-003", "Insulated Gloves", 11, "59.00", "0.30", "Black", "Nylon and PrimaLoft",
     "Touchscreen-compatible insulated gloves with a grippy palm.", None),
    ("SP-AC-004", "Stainless Water Bottle 1L", 11, "34.00", "0.85", "Spruce", "Stainless steel",
     "Vacuum-insulated bottle that keeps water cold for 24 hours.", "Gourde inox 1L"),
    ("SP-AC-005", "Trekking Poles (Pair)", 11, "119.00", "1.10", "Graphite", "Carbon fibre",
     "Folding carbon poles with cork grips.", "Bâtons de randonnée (paire)"),
    ("SP-AC-006", "Headlamp 400", 11, "49.00", "0.20", "Black", "ABS",
     "400 lumens, red night mode and USB-C charging.", "Lampe frontale 400"),
    ("SP-AC-007", "Sun Hat", 11, "38.00", "0.20", "Sand", "Recycled nylon",
     "Wide brim, chin cord and UPF 50.", None),
    ("SP-AC-008", "Trail Map Bundle (Download)", 11, "12.00", None, None, None,
     "Printable topographic maps of twelve classic routes.", None),
    ("SP-AC-009", "Gear Repair Service", 11, "25.00", None, None, None,
     "Send us a torn jacket or a broken zip; we repair it.", None),
    ("SP-AC-010", "Gift Card 50", 11, "50.00", None, None, None,
     "A gift card worth 50 dollars, delivered by e-mail.", "Carte cadeau 50"),
]

# Types, visibility and status exceptions; everything else is a visible, enabled simple product.
TYPES = {"SP-AC-008": "downloadable", "SP-AC-009": "virtual", "SP-AC-010": "virtual"}
NOT_VISIBLE = {"SP-PK-006": 1}
DISABLED = {"SP-JK-007", "SP-FW-006"}
ON_SALE = ["SP-JK-004", "SP-TP-006", "SP-PT-003", "SP-FW-003", "SP-PK-005", "SP-SL-002", "SP-AC-007"]
GENDER = {"SP-JK-": "Unisex", "SP-TP-": "Unisex", "SP-PT-": "Unisex", "SP-FW-": "Unisex"}

# ---------------------------------------------------------------------------------------------------
# Customers: (firstname, lastname, gender 1 male 2 female 0 n/a, dob, store, street, city, region code,
#             region id, region, postcode, country, telephone)
# ---------------------------------------------------------------------------------------------------

CUSTOMERS = [
    ("Veronica", "Costello", 2, "1973-12-15", 1, "6146 Honey Bluff Parkway", "Calder", "MI", 33, "Michigan", "49628-7978", "US", "(555) 229-3326"),
    ("Jordan", "Whitaker", 1, "1988-05-02", 1, "1420 Pearl Street", "Boulder", "CO", 13, "Colorado", "80302", "US", "(303) 555-0142"),
    ("Priya", "Raman", 2, "1991-08-21", 1, "88 Harbor View Drive", "Seattle", "WA", 62, "Washington", "98101", "US", "(206) 555-0188"),
    ("Marcus", "Bell", 1, "1979-02-11", 1, "402 Cedar Lane", "Bend", "OR", 49, "Oregon", "97701", "US", "(541) 555-0119"),
    ("Elena", "Garcia", 2, "1985-10-30", 1, "2718 Mission Street", "San Francisco", "CA", 12, "California", "94110", "US", "(415) 555-0175"),
    ("Tom", "Nakamura", 1, "1993-03-08", 1, "55 Wasatch Boulevard", "Salt Lake City", "UT", 58, "Utah", "84108", "US", "(801) 555-0163"),
    ("Aisha", "Johnson", 2, "1990-07-19", 1, "901 Peachtree Street NE", "Atlanta", "GA", 19, "Georgia", "30309", "US", "(404) 555-0121"),
    ("Liam", "O'Connor", 1, "1982-12-01", 1, "17 Beacon Street", "Boston", "MA", 32, "Massachusetts", "02108", "US", "(617) 555-0154"),
    ("Hannah", "Schmidt", 2, "1996-04-25", 1, "3300 Lake Shore Drive", "Chicago", "IL", 23, "Illinois", "60657", "US", "(312) 555-0137"),
    ("Diego", "Alvarez", 1, "1987-09-14", 1, "640 Congress Avenue", "Austin", "TX", 57, "Texas", "78701", "US", "(512) 555-0199"),
    ("Grace", "Kim", 2, "1994-01-17", 1, "220 West 98th Street", "New York", "NY", 43, "New York", "10025", "US", "(212) 555-0108"),
    ("Noah", "Peterson", 1, "1975-06-06", 1, "12 Main Street", "Bozeman", "MT", 37, "Montana", "59715", "US", "(406) 555-0177"),
    ("Chloe", "Martin", 2, "1989-11-03", 1, "77 Elm Street", "Burlington", "VT", 59, "Vermont", "05401", "US", "(802) 555-0133"),
    ("Samuel", "Okafor", 1, "1992-02-28", 1, "1500 Broadway", "Denver", "CO", 13, "Colorado", "80202", "US", "(720) 555-0126"),
    ("Mia", "Rossi", 2, "1998-08-09", 1, "455 Forest Avenue", "Portland", "ME", 29, "Maine", "04101", "US", "(207) 555-0149"),
    ("Camille", "Dubois", 2, "1986-03-22", 2, "14 rue des Martyrs", "Paris", None, 0, "Île-de-France", "75009", "FR", "+33 1 55 55 01 23"),
    ("Julien", "Moreau", 1, "1980-10-12", 2, "3 place Bellecour", "Lyon", None, 0, "Auvergne-Rhône-Alpes", "69002", "FR", "+33 4 55 55 02 34"),
    ("Léa", "Fontaine", 2, "1995-05-30", 2, "27 avenue Jean Médecin", "Nice", None, 0, "Provence-Alpes-Côte d'Azur", "06000", "FR", "+33 4 55 55 03 45"),
    ("Hugo", "Lambert", 1, "1991-12-05", 2, "8 rue du Mont-Blanc", "Chamonix-Mont-Blanc", None, 0, "Auvergne-Rhône-Alpes", "74400", "FR", "+33 4 55 55 04 56"),
    ("Sophie", "Girard", 2, "1977-07-07", 2, "52 cours de l'Intendance", "Bordeaux", None, 0, "Nouvelle-Aquitaine", "33000", "FR", "+33 5 55 55 05 67"),
]

# Guest shoppers (no account): (firstname, lastname, email, store, street, city, region, region code,
#                               region id, postcode, country, telephone)
GUESTS = [
    ("Riley", "Chen", "riley.chen@example.net", 1, "9 Canyon Road", "Santa Fe", "New Mexico", "NM", 42, "87501", "US", "(505) 555-0190"),
    ("Avery", "Brooks", "avery.brooks@example.net", 1, "301 Spring Street", "Asheville", "North Carolina", "NC", 44, "28801", "US", "(828) 555-0112"),
    ("Manon", "Petit", "manon.petit@example.net", 2, "19 quai Saint-Antoine", "Annecy", "Auvergne-Rhône-Alpes", None, 0, "74000", "FR", "+33 4 55 55 06 78"),
]

TAX_RATE = {"CA": "0.0725", "NY": "0.08875", "TX": "0.0625", "WA": "0.065", "IL": "0.0625", "GA": "0.04",
            "MA": "0.0625", "MI": "0.06", "CO": "0.029", "UT": "0.0485", "ME": "0.055", "VT": "0.06", "NM": "0.05125",
            "NC": "0.0475", "OR": "0", "MT": "0"}

# (state, status, share) of order states, as a store's order grid would show them.
ORDER_STATES = [("complete", "complete"), ("complete", "complete"), ("complete", "complete"),
                ("processing", "processing"), ("processing", "processing"), ("new", "pending"),
                ("canceled", "canceled"), ("closed", "closed"), ("holded", "holded"), ("complete", "complete")]


def email_of(first, last):
    ascii_name = (first + "." + last).lower()
    for a, b in (("é", "e"), ("è", "e"), ("ë", "e"), ("'", ""), (" ", "")):
        ascii_name = ascii_name.replace(a, b)
    return ascii_name + "@example.com"


def main():
    rnd = Lcg(20240304)
    out = []
    out.append("-- Keyway demo store (SPEC 5.6): a small outdoor-apparel shop for integrations to access.\n"
               "-- GENERATED by tools/generate-demo-store.py; do not edit by hand.\n")
    out.append(STORE_SQL)

    # categories
    paths = {}
    levels = {}
    positions = {}
    rows = []
    for cid, parent, name, description in CATEGORIES:
        paths[cid] = (paths[parent] + "/" if parent else "") + str(cid)
        levels[cid] = (levels[parent] + 1) if parent else 0
        positions[parent] = positions.get(parent, 0) + 1
        created = T0 + timedelta(minutes=cid)
        url_key = slug(name) if levels[cid] >= 2 else None
        rows.append([str(cid), str(parent) if parent else "NULL", q(paths[cid]), str(levels[cid]),
                     str(positions[parent]), q(name), "TRUE", "TRUE" if levels[cid] > 0 else "FALSE",
                     q(url_key), q(description), ts(created), ts(created)])
    out.append("-- catalog: categories (1 Root Catalog, 2 the store group's root).\n"
               "INSERT INTO catalog_categories (id, parent_id, path, level, position, name, is_active, "
               "include_in_menu, url_key, description, created_at, updated_at) VALUES\n" + values(rows) + ";\n")
    out.append("ALTER TABLE catalog_categories ALTER COLUMN id RESTART WITH %d;\n" % (len(CATEGORIES) + 1))

    # products
    product_rows, website_rows, attribute_rows, store_rows, link_rows = [], [], [], [], []
    category_positions = {}
    products = {}
    for index, (sku, name, category, price, weight, color, material, description, french) in enumerate(PRODUCTS):
        pid = index + 1
        type_id = TYPES.get(sku, "simple")
        created = T0 + timedelta(days=index % 40, hours=index % 9, minutes=(index * 7) % 60)
        updated = created + timedelta(days=30 + (index * 3) % 90, hours=2)
        products[sku] = (pid, name, price, weight, type_id, french)
        product_rows.append([str(pid), q(sku), q(sku.lower()), q(name), "4", price,
                             "2" if sku in DISABLED else "1", str(NOT_VISIBLE.get(sku, 4)), q(type_id),
                             weight if weight is not None else "NULL", ts(created), ts(updated)])
        website_rows.append([str(pid), "1"])
        attributes = [("description", "<p>" + description + "</p>"),
                      ("short_description", description.split(";")[0].split(",")[0].rstrip(".") + "."),
                      ("url_key", slug(name)), ("meta_title", name + " | Summit & Pine Outfitters"),
                      ("tax_class_id", "2" if type_id == "simple" else "0")]
        if color:
            attributes.append(("color", color))
        if material:
            attributes.append(("material", material))
        for prefix, gender in GENDER.items():
            if sku.startswith(prefix):
                attributes.append(("gender", gender))
        for code, value in attributes:
            attribute_rows.append([str(pid), q(code), q(value)])
        if french:
            store_rows.append([str(pid), "2", q(french), "NULL"])
        targets = [category] + ([8] if category in (9, 10) else []) + ([12] if sku in ON_SALE else [])
        for cid in targets:
            category_positions[cid] = category_positions.get(cid, 0) + 1
            link_rows.append([str(cid), str(pid), str(category_positions[cid])])
    out.append("-- catalog: products (prices in USD, weights in lbs).\n"
               "INSERT INTO catalog_products (id, sku, sku_key, name, attribute_set_id, price, status, visibility, "
               "type_id, weight, created_at, updated_at) VALUES\n" + values(product_rows) + ";\n")
    out.append("ALTER TABLE catalog_products ALTER COLUMN id RESTART WITH %d;\n" % (len(PRODUCTS) + 1))
    out.append("INSERT INTO catalog_product_websites (product_id, website_id) VALUES\n" + values(website_rows) + ";\n")
    out.append("INSERT INTO catalog_product_attributes (product_id, attribute_code, attribute_value) VALUES\n"
               + values(attribute_rows) + ";\n")
    out.append("-- catalog: French names for part of the catalog (store view 'fr').\n"
               "INSERT INTO catalog_product_store_values (product_id, store_id, name, description) VALUES\n"
               + values(store_rows) + ";\n")
    out.append("INSERT INTO catalog_category_products (category_id, product_id, position) VALUES\n"
               + values(link_rows) + ";\n")

    # CMS
    pages = [
        ("home", "Home Page", "1column", "Summit & Pine Outfitters", None,
         "<h2>Gear for every trail</h2><p>{{widget type=\"Magento\\CatalogWidget\\Block\\Product\\ProductsList\" products_count=\"8\"}}</p>",
         [0], True),
        ("about-us", "About Us", "1column", "About Summit & Pine", "About Summit & Pine Outfitters",
         "<p>We started in a garage in Boulder in 2009, repairing friends' tents. Today we design durable, "
         "repairable gear and still fix what we sell.</p>", [0], True),
        ("no-route", "404 Not Found", "2columns-right", "Page not found", "Whoops, our bad...",
         "<p>The page you requested was not found, and we have a fine guess why.</p><ul><li>If you typed the URL "
         "directly, please make sure the spelling is correct.</li></ul>", [0], True),
        ("privacy-policy-cookie-restriction-mode", "Privacy and Cookie Policy", "1column", "Privacy Policy",
         "Privacy and Cookie Policy",
         "<p>This policy explains what personal data we collect when you shop with us and how we use it.</p>", [0], True),
        ("customer-service", "Customer Service", "1column", "Customer Service", "Customer Service",
         "<p>Questions about an order? Write to help@summitpine.example or call (303) 555-0100, Monday to Friday.</p>",
         [1], True),
        ("livraison-et-retours", "Livraison et retours", "1column", "Livraison et retours", "Livraison et retours",
         "<p>Livraison offerte dès 100 € d'achat. Retours gratuits sous 60 jours.</p>", [2], True),
        ("enable-cookies", "Enable Cookies", "1column", "Enable Cookies", "What are Cookies?",
         "<p>Cookies are short pieces of data that are sent to your computer when you visit a website.</p>", [0], False),
    ]
    page_rows, page_store_rows = [], []
    for index, (identifier, title, layout, meta_title, heading, content, stores, active) in enumerate(pages):
        pid = index + 1
        created = T0 + timedelta(hours=index)
        page_rows.append([str(pid), q(identifier), q(title), q(layout), q(meta_title), q(None),
                          q(None), q(heading), q(content), "0", "TRUE" if active else "FALSE", ts(created),
                          ts(created + timedelta(days=20 + index))])
        for store in stores:
            page_store_rows.append([str(pid), str(store)])
    out.append("-- cms: pages (store 0 = all store views).\n"
               "INSERT INTO cms_pages (id, identifier, title, page_layout, meta_title, meta_keywords, meta_description, "
               "content_heading, content, sort_order, is_active, creation_time, update_time) VALUES\n"
               + values(page_rows) + ";\n")
    out.append("ALTER TABLE cms_pages ALTER COLUMN id RESTART WITH %d;\n" % (len(pages) + 1))
    out.append("INSERT INTO cms_page_stores (page_id, store_id) VALUES\n" + values(page_store_rows) + ";\n")

    blocks = [
        ("footer-links", "Footer Links",
         "<ul><li><a href=\"{{store url='about-us'}}\">About us</a></li><li><a href=\"{{store url='customer-service'}}\">"
         "Customer Service</a></li></ul>", [0], True),
        ("free-shipping-banner", "Free Shipping Banner", "<p>Free shipping on orders over $100.</p>", [1], True),
        ("bandeau-livraison", "Bandeau livraison", "<p>Livraison offerte dès 100 €.</p>", [2], True),
        ("repair-promise", "Repair Promise",
         "<p>Every piece of gear we sell comes with free repairs for life.</p>", [0], True),
        ("winter-sale-teaser", "Winter Sale Teaser", "<p>Winter sale starts soon.</p>", [0], False),
    ]
    block_rows, block_store_rows = [], []
    for index, (identifier, title, content, stores, active) in enumerate(blocks):
        bid = index + 1
        created = T0 + timedelta(hours=10 + index)
        block_rows.append([str(bid), q(identifier), q(title), q(content), "TRUE" if active else "FALSE", ts(created),
                           ts(created + timedelta(days=5 + index))])
        for store in stores:
            block_store_rows.append([str(bid), str(store)])
    out.append("-- cms: blocks.\n"
               "INSERT INTO cms_blocks (id, identifier, title, content, is_active, creation_time, update_time) VALUES\n"
               + values(block_rows) + ";\n")
    out.append("ALTER TABLE cms_blocks ALTER COLUMN id RESTART WITH %d;\n" % (len(blocks) + 1))
    out.append("INSERT INTO cms_block_stores (block_id, store_id) VALUES\n" + values(block_store_rows) + ";\n")

    # customers
    store_names = {1: "Default Store View", 2: "French Store View"}
    customer_rows, address_rows = [], []
    customers = []
    address_id = 0
    for index, (first, last, gender, dob, store, street, city, region_code, region_id, region, postcode, country,
                phone) in enumerate(CUSTOMERS):
        cid = index + 1
        created = T0 + timedelta(days=3 * index, hours=index % 12)
        email = email_of(first, last)
        customer_rows.append([str(cid), "1", str(store), "1", q(email), q(email.lower()), q(first), q(last),
                              "DATE '" + dob + "'", str(gender), q(store_names[store]), ts(created),
                              ts(created + timedelta(days=40))])
        address_id += 1
        address_rows.append([str(address_id), str(cid), q(first), q(last), q(None), q(street), q(city), q(region),
                             q(region_code), str(region_id), q(postcode), q(country), q(phone), "TRUE", "TRUE"])
        address = (street, city, region, region_code, region_id, postcode, country, phone)
        if index % 5 == 1:
            # a second, work address, used for nothing by default
            address_id += 1
            address_rows.append([str(address_id), str(cid), q(first), q(last), q("Summit & Pine Outfitters"),
                                 q("1 Trailhead Plaza"), q("Boulder"), q("Colorado"), q("CO"), "13", q("80301"),
                                 q("US"), q("(303) 555-0100"), "FALSE", "FALSE"])
        customers.append((cid, first, last, email, store, address))
    out.append("-- customers: accounts on the main website, each with a default address.\n"
               "INSERT INTO customers (id, website_id, store_id, group_id, email, email_key, firstname, lastname, dob, "
               "gender, created_in, created_at, updated_at) VALUES\n" + values(customer_rows) + ";\n")
    out.append("ALTER TABLE customers ALTER COLUMN id RESTART WITH %d;\n" % (len(CUSTOMERS) + 1))
    out.append("INSERT INTO customer_addresses (id, customer_id, firstname, lastname, company, street, city, region, "
               "region_code, region_id, postcode, country_id, telephone, is_default_billing, is_default_shipping) "
               "VALUES\n" + values(address_rows) + ";\n")
    out.append("ALTER TABLE customer_addresses ALTER COLUMN id RESTART WITH %d;\n" % (address_id + 1))

    # orders
    buyable = [sku for sku, *_ in PRODUCTS if sku not in DISABLED]
    order_rows, item_rows = [], []
    item_id = 0
    order_count = 30
    for index in range(order_count):
        oid = index + 1
        if index % 10 == 7:
            guest = GUESTS[(index // 10) % len(GUESTS)]
            first, last, email, store = guest[0], guest[1], guest[2], guest[3]
            address = guest[4:]
            customer_id = None
        else:
            cid, first, last, email, store, address = customers[rnd.below(len(customers))]
            customer_id = cid
        street, city, region, region_code, region_id, postcode, country, phone = address
        state, status = ORDER_STATES[rnd.below(len(ORDER_STATES))]
        created = datetime(2025, 1, 6, 8, 0, 0) + timedelta(days=index * 9 + rnd.below(5), hours=rnd.below(12),
                                                              minutes=rnd.below(60))
        updated = created + timedelta(days=0 if state in ("new", "canceled") else 2 + rnd.below(4), hours=3)
        eur = store == 2
        rate = EUR_PER_USD if eur else Decimal("1")
        lines = []
        for _ in range(1 + rnd.below(3)):
            sku = rnd.choice(buyable)
            if sku in [line[0] for line in lines]:
                continue
            lines.append((sku, 1 + (rnd.below(4) == 0)))
        subtotal = Decimal("0")
        qty_total = 0
        weight_total = Decimal("0")
        tax_total = Decimal("0")
        shipping = Decimal("0")
        tax_rate = Decimal("0.20") if eur else Decimal(TAX_RATE.get(region_code, "0.06"))
        for sku, qty in lines:
            pid, name, price, weight, type_id, french = products[sku]
            unit = money(Decimal(price) * rate)
            row_total = unit * qty
            tax = money(row_total * tax_rate)
            subtotal += row_total
            tax_total += tax
            qty_total += qty
            if weight is not None:
                weight_total += Decimal(weight) * qty
                shipping += money(Decimal("5") * rate) * qty
            invoiced = qty if state in ("processing", "complete", "closed") else 0
            shipped = qty if state in ("complete", "closed") else 0
            refunded = qty if state == "closed" else 0
            canceled = qty if state == "canceled" else 0
            item_id += 1
            item_rows.append([str(item_id), str(oid), str(pid), q(sku), q(french if (eur and french) else name),
                              q(type_id), str(qty), str(invoiced), str(shipped), str(refunded), str(canceled),
                              str(unit), str(unit), str((tax_rate * 100).quantize(Decimal("0.0001"))), str(tax), "0",
                              str(row_total), weight if weight is not None else "NULL", ts(created), ts(updated)])
        discount = money(subtotal * Decimal("0.10")) if index % 6 == 4 else Decimal("0")
        grand = subtotal + shipping + tax_total - discount
        paid = grand if state in ("processing", "complete", "closed") else Decimal("0")
        order_rows.append([str(oid), q("%09d" % oid), str(store), str(customer_id) if customer_id else "NULL",
                           "TRUE" if customer_id is None else "FALSE", "0" if customer_id is None else "1", q(email),
                           q(first), q(last), q(state), q(status), q("USD"), q("EUR" if eur else "USD"), str(rate),
                           str(subtotal), str(shipping), str(tax_total), str(-discount if discount else discount),
                           str(grand), str(paid), str(qty_total), str(weight_total) if weight_total else "NULL",
                           q("Flat Rate - Fixed" if shipping else None), q("checkmo"), q(first), q(last), q(street),
                           q(city), q(region), q(region_code), str(region_id), q(postcode), q(country), q(phone),
                           ts(created), ts(updated)])
    out.append("-- sales: orders in various states, with their lines (fr orders in EUR).\n"
               "INSERT INTO sales_orders (id, increment_id, store_id, customer_id, customer_is_guest, customer_group_id, "
               "customer_email, customer_firstname, customer_lastname, state, status, base_currency_code, "
               "order_currency_code, base_to_order_rate, subtotal, shipping_amount, tax_amount, discount_amount, "
               "grand_total, total_paid, total_qty_ordered, weight, shipping_description, payment_method, "
               "billing_firstname, billing_lastname, billing_street, billing_city, billing_region, billing_region_code, "
               "billing_region_id, billing_postcode, billing_country_id, billing_telephone, created_at, updated_at) "
               "VALUES\n" + values(order_rows) + ";\n")
    out.append("ALTER TABLE sales_orders ALTER COLUMN id RESTART WITH %d;\n" % (order_count + 1))
    out.append("INSERT INTO sales_order_items (id, order_id, product_id, sku, name, product_type, qty_ordered, "
               "qty_invoiced, qty_shipped, qty_refunded, qty_canceled, price, original_price, tax_percent, tax_amount, "
               "discount_amount, row_total, weight, created_at, updated_at) VALUES\n" + values(item_rows) + ";\n")
    out.append("ALTER TABLE sales_order_items ALTER COLUMN id RESTART WITH %d;\n" % (item_id + 1))

    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))
    print("wrote %s: %d categories, %d products, %d pages, %d blocks, %d customers, %d orders, %d order items"
          % (os.path.normpath(OUT), len(CATEGORIES), len(PRODUCTS), len(pages), len(blocks), len(CUSTOMERS),
             order_count, item_id))


if __name__ == "__main__":
    main()
