#!/usr/bin/env python3
"""Regenerate the reference lists in Resources/Data/: countries, languages, skills, topics.

Why: profiles, opportunities and surveys pick countries, languages, skills and topics from
fixed lists shown in English, French and Spanish. The lists are generated here once and
committed, so nothing is downloaded at build or run time.

How: countries (ISO 3166-1) and languages (ISO 639-1 codes, from the ISO 639-2 table) come
from Debian's `iso-codes` package, names translated with its gettext catalogs, plus a few
corrections listed below. The skills taxonomy and the 17 UN Sustainable Development Goals
are curated in this file, which is their source of truth. Needs Python 3 (standard library)
and `apt-get install iso-codes`. Run `scripts/reference-data.py`; it validates everything
first and exits non-zero, writing nothing, on a missing source, duplicate key or missing label.
"""

import gettext
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Resources" / "Data"
ISO_JSON = Path("/usr/share/iso-codes/json")
LOCALES = Path("/usr/share/locale")
LANGS = ("en", "fr", "es")  # label order used in the curated tables below
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class DataError(Exception):
    pass


# --- ISO sources ----------------------------------------------------------------------------

class _Untranslated(gettext.NullTranslations):
    """Fallback that makes a missing msgid visible instead of echoing it back."""

    def gettext(self, message):
        raise KeyError(message)


def source(path):
    if not path.is_file():
        raise DataError(f"missing source file {path} (apt-get install iso-codes)")
    return path


def catalog(domain, lang):
    with open(source(LOCALES / lang / "LC_MESSAGES" / f"{domain}.mo"), "rb") as f:
        translations = gettext.GNUTranslations(f)
    translations.add_fallback(_Untranslated())
    return translations


def translate(translations, msgid):
    try:
        text = translations.gettext(msgid)
    except KeyError:
        return None
    return text.strip() or None


def iso_table(name, key):
    with open(source(ISO_JSON / f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)[key]


def capitalised(text):
    return text[:1].upper() + text[1:]


def apply_corrections(what, code, names, catalogued, corrections):
    """Overlay hand corrections; warn when the catalog has caught up with one."""
    for lang, fixed in corrections.get(code, {}).items():
        if catalogued.get(lang) == fixed:
            print(f"note: {what} {code}/{lang} correction {fixed!r} now matches the catalog; "
                  "it can be removed", file=sys.stderr)
        names[lang] = fixed
    missing = [lang for lang in LANGS if not names.get(lang)]
    if missing:
        raise DataError(f"{what} {code}: no translation for {', '.join(missing)} "
                        f"of {names.get('en')!r}; add a correction")


# Where the iso-codes 4.15 catalogs have no translation (the short `common_name`s Iran, Laos,
# Syria, South/North Korea in Spanish; Türkiye everywhere) or a wrong one (typos, Algeria
# left in English in Spanish). English always comes from iso-codes.
COUNTRY_CORRECTIONS = {
    "AX": {"es": "Islas Åland"},             # catalog: "Islas Äland"
    "BF": {"es": "Burkina Faso"},            # catalog: "Burquina Faso"
    "CI": {"es": "Costa de Marfil"},         # catalog: "Costa de Marfíl"
    "DZ": {"es": "Argelia"},                 # catalog: "Algeria"
    "GL": {"fr": "Groenland"},               # catalog: "Groënland"
    "GQ": {"fr": "Guinée équatoriale"},      # catalog: "Guinée Équatoriale"
    "IR": {"fr": "Iran", "es": "Irán"},
    "KM": {"es": "Comoras"},                 # catalog: "Comores, Islas"
    "KP": {"es": "Corea del Norte"},
    "KR": {"es": "Corea del Sur"},
    "LA": {"fr": "Laos", "es": "Laos"},
    "SR": {"es": "Surinam"},                 # catalog: "Surinám"
    "SX": {"es": "San Martín (zona neerlandesa)"},  # catalog: "... (zona holandsea)"
    "SY": {"fr": "Syrie", "es": "Siria"},
    "TN": {"es": "Túnez"},                   # catalog: "Tunez"
    "TR": {"fr": "Turquie", "es": "Turquía"},
}


def countries():
    catalogs = {lang: catalog("iso_3166-1", lang) for lang in ("fr", "es")}
    entries = []
    for row in iso_table("iso_3166-1", "3166-1"):
        code = row["alpha_2"]
        english = row.get("common_name") or row["name"]
        names = {"en": english}
        for lang, translations in catalogs.items():
            text = translate(translations, english)
            if text is None and english != row["name"]:
                text = translate(translations, row["name"])
            if text is not None:
                names[lang] = capitalised(text)  # "île Bouvet" -> "Île Bouvet"
        catalogued = dict(names)
        apply_corrections("country", code, names, catalogued, COUNTRY_CORRECTIONS)
        entries.append({"code": code, "names": names})
    return sorted(entries, key=lambda e: e["code"])


# The ISO 639-2 table has an English name and a French and Spanish translation for each of its
# 184 two-letter codes (the ISO 639-3 catalogs lack 32 Spanish ones). Names are cut at the
# first ";" and capitalised. These corrections replace inverted or parenthesised ISO names
# with the plain name ("Greek, Modern (1453-)" -> "Greek") and fix wrong translations.
LANGUAGE_CORRECTIONS = {
    "ae": {"es": "Avéstico"},                                   # catalog: "Avestan"
    "am": {"es": "Amárico"},                                    # catalog: "Ámárico"
    "ar": {"es": "Árabe"},                                      # catalog: "Árábe"
    "as": {"es": "Asamés"},                                     # catalog: "Assamais"
    "av": {"es": "Avar"},                                       # catalog: "Avaric"
    "az": {"es": "Azerí"},                                      # catalog: "Azerbayano"
    "ba": {"es": "Baskir"},                                     # catalog: "Bashkir"
    "bh": {"es": "Lenguas biharis"},                            # catalog: "Idiomas bihari"
    "ca": {"es": "Catalán"},                                    # catalog: "Catalán, Valenciano"
    "cv": {"es": "Chuvasio"},                                   # catalog: "Chuvash"
    "dz": {"es": "Dzongkha"},                                   # catalog: "Butaní"
    "el": {"en": "Greek", "fr": "Grec", "es": "Griego"},        # "Greek, Modern (1453-)"
    "es": {"fr": "Espagnol"},                                   # catalog: "castillan"
    "ff": {"es": "Fula"},                                       # catalog: "Fulah"
    "fj": {"es": "Fiyiano"},                                    # catalog: "Fidji"
    "gd": {"en": "Scottish Gaelic", "fr": "Gaélique écossais", "es": "Gaélico escocés"},
    "gu": {"fr": "Gujarati"},                                   # catalog: "goudjarâtî (gujrâtî)"
    "gv": {"es": "Manés"},                                      # catalog: "Manx [Gaélico de Manx]"
    "ha": {"es": "Hausa"},                                      # catalog: "Haussa"
    "ht": {"en": "Haitian Creole", "fr": "Créole haïtien", "es": "Criollo haitiano"},
    "ia": {"en": "Interlingua", "fr": "Interlingua", "es": "Interlingua"},
    "ii": {"es": "Yi de Sichuán"},                              # catalog: "Yi Sinchuán"
    "ki": {"es": "Kikuyu"},                                     # catalog: "Kikuyu, Gikuyu"
    "kk": {"es": "Kazajo"},                                     # catalog: "Kazako"
    "km": {"en": "Khmer", "fr": "Khmer", "es": "Jemer"},        # "Central Khmer"
    "kn": {"fr": "Kannada"},                                    # catalog: "kannara (canara)"
    "ks": {"es": "Cachemir"},                                   # catalog: "Kashmir"
    "ky": {"es": "Kirguís"},                                    # catalog: "Kirghizo"
    "mh": {"es": "Marshalés"},                                  # catalog: "Marshall"
    "ml": {"es": "Malayalam"},                                  # catalog: "malabar"
    "mr": {"es": "Maratí"},                                     # catalog: "Marath"
    "nb": {"en": "Norwegian Bokmål", "fr": "Norvégien bokmål", "es": "Noruego bokmål"},
    "nd": {"en": "North Ndebele"},                              # "Ndebele, North"
    "nl": {"es": "Neerlandés"},                                 # catalog: "Holandés, Flamenco"
    "nn": {"es": "Noruego nynorsk"},                            # catalog: "Noruego Nynorsk"
    "nr": {"en": "South Ndebele"},                              # "Ndebele, South"
    "ny": {"fr": "Chichewa", "es": "Chichewa"},                 # catalogs: "nyanja", "Chewa"
    "oc": {"en": "Occitan", "fr": "Occitan", "es": "Occitano"},  # "Occitan (post 1500)"
    "om": {"es": "Oromo"},                                      # catalog: "Oromo (Afan)"
    "os": {"es": "Osetio"},                                     # catalog: "Ossetiano"
    "pa": {"en": "Punjabi"},                                    # ISO: "Panjabi"
    "ps": {"en": "Pashto", "es": "Pastún"},                     # ISO: "Pushto"
    "rm": {"es": "Romanche"},                                   # catalog: "Romaní" (Romani)
    "rn": {"es": "Kirundi"},                                    # catalog: "Kiroundi"
    "si": {"es": "Cingalés"},                                   # catalog: "Singala; Cingalés"
    "st": {"en": "Southern Sotho"},                             # "Sotho, Southern"
    "su": {"es": "Sundanés"},                                   # catalog: "Sondanés"
    "tg": {"es": "Tayiko"},                                     # catalog: "Tajiko"
    "ti": {"es": "Tigriña"},                                    # catalog: "Tigrinya"
    "tn": {"es": "Setsuana"},                                   # catalog: "Setchwana"
    "to": {"en": "Tongan", "fr": "Tongien", "es": "Tongano"},   # "Tonga (Tonga Islands)"
    "tt": {"es": "Tártaro"},                                    # catalog: "Tataro"
    "tw": {"es": "Twi"},                                        # catalog: "Tchi"
    "uk": {"es": "Ucraniano"},                                  # catalog: "Ukranio"
    "uz": {"fr": "Ouzbek"},                                     # catalog: "ouszbek"
}


def plain_language_name(text):
    return capitalised(text.split(";")[0].strip())


def languages():
    catalogs = {lang: catalog("iso_639-2", lang) for lang in ("fr", "es")}
    entries = []
    for row in iso_table("iso_639-2", "639-2"):
        code = row.get("alpha_2")
        if code is None:
            continue
        names = {"en": plain_language_name(row["name"])}
        for lang, translations in catalogs.items():
            text = translate(translations, row["name"])
            if text is not None:
                names[lang] = plain_language_name(text)
        catalogued = dict(names)
        apply_corrections("language", code, names, catalogued, LANGUAGE_CORRECTIONS)
        for lang, name in names.items():
            if re.search(r"[;(\[]|, ", name):
                raise DataError(f"language {code}/{lang}: {name!r} is not a plain name; "
                                "add a correction")
        entries.append({"code": code, "names": names})
    return sorted(entries, key=lambda e: e["code"])


# --- Skills taxonomy ------------------------------------------------------------------------
# Areas of expertise members contribute to their countries of origin and of residence.
# (sector key, (en, fr, es), [(skill key, en, fr, es), ...]) in display order. Keys are
# stable identifiers stored in the database: never rename or reuse one; add new keys instead.

TAXONOMY = [
    ("health", ("Health", "Santé", "Salud"), [
        ("medicine", "Medicine", "Médecine", "Medicina"),
        ("nursing", "Nursing", "Soins infirmiers", "Enfermería"),
        ("midwifery", "Midwifery and maternal health", "Maïeutique et santé maternelle",
         "Partería y salud materna"),
        ("public-health", "Public health", "Santé publique", "Salud pública"),
        ("pharmacy", "Pharmacy", "Pharmacie", "Farmacia"),
        ("mental-health", "Mental health", "Santé mentale", "Salud mental"),
    ]),
    ("education", ("Education and training", "Éducation et formation", "Educación y formación"), [
        ("teaching", "Teaching", "Enseignement", "Docencia"),
        ("vocational-training", "Vocational training", "Formation professionnelle",
         "Formación profesional"),
        ("language-teaching", "Language teaching", "Enseignement des langues",
         "Enseñanza de idiomas"),
        ("e-learning", "E-learning", "Formation en ligne", "Formación en línea"),
        ("mentoring", "Mentoring and coaching", "Mentorat et coaching", "Mentoría y coaching"),
    ]),
    ("research", ("Research and academia", "Recherche et monde universitaire",
                  "Investigación y mundo académico"), [
        ("scientific-research", "Scientific research", "Recherche scientifique",
         "Investigación científica"),
        ("university-teaching", "University teaching", "Enseignement universitaire",
         "Docencia universitaria"),
        ("social-science-research", "Social science research", "Recherche en sciences sociales",
         "Investigación en ciencias sociales"),
        ("statistics", "Statistics", "Statistique", "Estadística"),
        ("technology-transfer", "Technology transfer", "Transfert de technologie",
         "Transferencia de tecnología"),
    ]),
    ("digital", ("Digital and ICT", "Numérique et TIC", "Tecnología digital y TIC"), [
        ("software-development", "Software development", "Développement logiciel",
         "Desarrollo de software"),
        ("data-science", "Data science", "Science des données", "Ciencia de datos"),
        ("artificial-intelligence", "Artificial intelligence", "Intelligence artificielle",
         "Inteligencia artificial"),
        ("cybersecurity", "Cybersecurity", "Cybersécurité", "Ciberseguridad"),
        ("networks-telecommunications", "Networks and telecommunications",
         "Réseaux et télécommunications", "Redes y telecomunicaciones"),
        ("digital-transformation", "Digital transformation", "Transformation numérique",
         "Transformación digital"),
    ]),
    ("engineering", ("Engineering and infrastructure", "Ingénierie et infrastructures",
                     "Ingeniería e infraestructuras"), [
        ("civil-engineering", "Civil engineering", "Génie civil", "Ingeniería civil"),
        ("electrical-engineering", "Electrical engineering", "Génie électrique",
         "Ingeniería eléctrica"),
        ("mechanical-engineering", "Mechanical engineering", "Génie mécanique",
         "Ingeniería mecánica"),
        ("architecture", "Architecture", "Architecture", "Arquitectura"),
        ("urban-planning", "Urban planning", "Urbanisme", "Urbanismo"),
        ("water-sanitation", "Water and sanitation", "Eau et assainissement",
         "Agua y saneamiento"),
    ]),
    ("energy-environment", ("Energy and environment", "Énergie et environnement",
                            "Energía y medio ambiente"), [
        ("renewable-energy", "Renewable energy", "Énergies renouvelables", "Energías renovables"),
        ("energy-efficiency", "Energy efficiency", "Efficacité énergétique",
         "Eficiencia energética"),
        ("climate-adaptation", "Climate change adaptation", "Adaptation au changement climatique",
         "Adaptación al cambio climático"),
        ("environmental-management", "Environmental management", "Gestion de l’environnement",
         "Gestión ambiental"),
        ("waste-management", "Waste management and recycling", "Gestion des déchets et recyclage",
         "Gestión de residuos y reciclaje"),
    ]),
    ("agriculture", ("Agriculture and food", "Agriculture et alimentation",
                     "Agricultura y alimentación"), [
        ("agronomy", "Agronomy", "Agronomie", "Agronomía"),
        ("agribusiness", "Agribusiness", "Agro-industrie", "Agronegocios"),
        ("food-processing", "Food processing", "Transformation agroalimentaire",
         "Procesamiento de alimentos"),
        ("food-security", "Food security and nutrition", "Sécurité alimentaire et nutrition",
         "Seguridad alimentaria y nutrición"),
        ("livestock-fisheries", "Livestock and fisheries", "Élevage et pêche", "Ganadería y pesca"),
    ]),
    ("finance", ("Finance and investment", "Finance et investissement", "Finanzas e inversión"), [
        ("remittances", "Remittances", "Transferts de fonds des migrants", "Remesas"),
        ("diaspora-bonds", "Diaspora bonds", "Obligations de la diaspora", "Bonos de la diáspora"),
        ("impact-investing", "Impact investing", "Investissement à impact", "Inversión de impacto"),
        ("microfinance", "Microfinance", "Microfinance", "Microfinanzas"),
        ("financial-inclusion", "Financial inclusion and mobile money",
         "Inclusion financière et argent mobile", "Inclusión financiera y dinero móvil"),
        ("accounting", "Accounting and auditing", "Comptabilité et audit",
         "Contabilidad y auditoría"),
    ]),
    ("business", ("Entrepreneurship and business", "Entrepreneuriat et affaires",
                  "Emprendimiento y negocios"), [
        ("entrepreneurship", "Entrepreneurship", "Entrepreneuriat", "Emprendimiento"),
        ("business-management", "Business management", "Gestion d’entreprise",
         "Gestión empresarial"),
        ("business-incubation", "Business incubation and acceleration",
         "Incubation et accélération d’entreprises", "Incubación y aceleración de empresas"),
        ("marketing", "Marketing and sales", "Marketing et vente", "Marketing y ventas"),
        ("project-management", "Project management", "Gestion de projet", "Gestión de proyectos"),
        ("tourism-hospitality", "Tourism and hospitality", "Tourisme et hôtellerie",
         "Turismo y hostelería"),
    ]),
    ("trade-logistics", ("Trade and logistics", "Commerce et logistique", "Comercio y logística"), [
        ("international-trade", "International trade", "Commerce international",
         "Comercio internacional"),
        ("import-export", "Import and export", "Import-export", "Importación y exportación"),
        ("supply-chain", "Logistics and supply chain", "Logistique et chaîne d’approvisionnement",
         "Logística y cadena de suministro"),
        ("transport", "Transport and mobility", "Transports et mobilité", "Transporte y movilidad"),
        ("customs", "Customs and trade regulations", "Douanes et réglementation commerciale",
         "Aduanas y normativa comercial"),
    ]),
    ("law-governance", ("Law and governance", "Droit et gouvernance", "Derecho y gobernanza"), [
        ("human-rights", "Human rights", "Droits humains", "Derechos humanos"),
        ("migration-law", "Migration and asylum law", "Droit des migrations et de l’asile",
         "Derecho migratorio y de asilo"),
        ("business-law", "Business law", "Droit des affaires", "Derecho mercantil"),
        ("land-rights", "Land and property rights", "Droits fonciers et droit de propriété",
         "Derechos sobre la tierra y la propiedad"),
        ("anti-corruption", "Anti-corruption and transparency",
         "Lutte contre la corruption et transparence", "Lucha contra la corrupción y transparencia"),
    ]),
    ("public-administration", ("Public administration", "Administration publique",
                               "Administración pública"), [
        ("public-policy", "Public policy", "Politiques publiques", "Políticas públicas"),
        ("public-finance", "Public finance and budgeting", "Finances publiques et budget",
         "Finanzas públicas y presupuesto"),
        ("local-government", "Local government and decentralization",
         "Collectivités locales et décentralisation", "Gobierno local y descentralización"),
        ("public-procurement", "Public procurement", "Marchés publics", "Contratación pública"),
        ("diplomacy", "Diplomacy and international relations",
         "Diplomatie et relations internationales", "Diplomacia y relaciones internacionales"),
    ]),
    ("humanitarian-development", ("Humanitarian action and development",
                                  "Action humanitaire et développement",
                                  "Acción humanitaria y desarrollo"), [
        ("emergency-response", "Emergency response", "Intervention d’urgence",
         "Respuesta a emergencias"),
        ("disaster-risk-reduction", "Disaster risk reduction",
         "Réduction des risques de catastrophe", "Reducción del riesgo de desastres"),
        ("refugee-assistance", "Assistance to refugees and displaced people",
         "Aide aux réfugiés et aux personnes déplacées",
         "Asistencia a personas refugiadas y desplazadas"),
        ("development-cooperation", "Development cooperation", "Coopération au développement",
         "Cooperación al desarrollo"),
        ("monitoring-evaluation", "Monitoring and evaluation", "Suivi et évaluation",
         "Seguimiento y evaluación"),
        ("peacebuilding", "Peacebuilding", "Consolidation de la paix", "Consolidación de la paz"),
    ]),
    ("social-community", ("Social work and community", "Travail social et communautés",
                          "Trabajo social y comunidad"), [
        ("social-work", "Social work", "Travail social", "Trabajo social"),
        ("community-organizing", "Community organizing", "Mobilisation communautaire",
         "Organización comunitaria"),
        ("youth-work", "Youth work", "Accompagnement des jeunes", "Trabajo con jóvenes"),
        ("gender-equality", "Gender equality", "Égalité femmes-hommes", "Igualdad de género"),
        ("migrant-integration", "Migrant integration", "Intégration des personnes migrantes",
         "Integración de personas migrantes"),
        ("fundraising", "Fundraising", "Collecte de fonds", "Recaudación de fondos"),
    ]),
    ("culture-media", ("Arts, culture and media", "Arts, culture et médias",
                       "Arte, cultura y medios"), [
        ("journalism", "Journalism", "Journalisme", "Periodismo"),
        ("communications", "Communications and public relations",
         "Communication et relations publiques", "Comunicación y relaciones públicas"),
        ("translation-interpreting", "Translation and interpreting", "Traduction et interprétation",
         "Traducción e interpretación"),
        ("graphic-design", "Graphic design", "Design graphique", "Diseño gráfico"),
        ("arts", "Visual and performing arts", "Arts visuels et arts du spectacle",
         "Artes visuales y escénicas"),
        ("cultural-heritage", "Cultural heritage", "Patrimoine culturel", "Patrimonio cultural"),
    ]),
]


def labels(texts):
    if len(texts) != len(LANGS):
        raise DataError(f"{texts!r}: expected labels in {', '.join(LANGS)}")
    return dict(zip(LANGS, texts))


def skills():
    sectors, entries = [], []
    for sector, sector_labels, members in TAXONOMY:
        sectors.append({"key": sector, "labels": labels(sector_labels)})
        if not members:
            raise DataError(f"sector {sector} has no skills")
        for key, *texts in members:
            entries.append({"key": key, "sector": sector, "labels": labels(texts)})
    if not 12 <= len(sectors) <= 16:
        raise DataError(f"{len(sectors)} sectors, expected 12-16")
    if not 60 <= len(entries) <= 90:
        raise DataError(f"{len(entries)} skills, expected 60-90")
    check_keys("sector/skill", [s["key"] for s in sectors] + [s["key"] for s in entries])
    for entry in sectors + entries:
        check_labels(entry["key"], entry["labels"], limit=60)
    return {"sectors": sectors, "skills": entries}


# --- Topics: the UN Sustainable Development Goals ---------------------------------------------
# Official short titles (un.org/sustainabledevelopment in each language), (key, en, fr, es).

SDGS = [
    ("no-poverty", "No poverty", "Pas de pauvreté", "Fin de la pobreza"),
    ("zero-hunger", "Zero hunger", "Faim « zéro »", "Hambre cero"),
    ("good-health-and-well-being", "Good health and well-being", "Bonne santé et bien-être",
     "Salud y bienestar"),
    ("quality-education", "Quality education", "Éducation de qualité", "Educación de calidad"),
    ("gender-equality", "Gender equality", "Égalité entre les sexes", "Igualdad de género"),
    ("clean-water-and-sanitation", "Clean water and sanitation", "Eau propre et assainissement",
     "Agua limpia y saneamiento"),
    ("affordable-and-clean-energy", "Affordable and clean energy",
     "Énergie propre et d’un coût abordable", "Energía asequible y no contaminante"),
    ("decent-work-and-economic-growth", "Decent work and economic growth",
     "Travail décent et croissance économique", "Trabajo decente y crecimiento económico"),
    ("industry-innovation-and-infrastructure", "Industry, innovation and infrastructure",
     "Industrie, innovation et infrastructure", "Industria, innovación e infraestructura"),
    ("reduced-inequalities", "Reduced inequalities", "Inégalités réduites",
     "Reducción de las desigualdades"),
    ("sustainable-cities-and-communities", "Sustainable cities and communities",
     "Villes et communautés durables", "Ciudades y comunidades sostenibles"),
    ("responsible-consumption-and-production", "Responsible consumption and production",
     "Consommation et production responsables", "Producción y consumo responsables"),
    ("climate-action", "Climate action",
     "Mesures relatives à la lutte contre les changements climatiques", "Acción por el clima"),
    ("life-below-water", "Life below water", "Vie aquatique", "Vida submarina"),
    ("life-on-land", "Life on land", "Vie terrestre", "Vida de ecosistemas terrestres"),
    ("peace-justice-and-strong-institutions", "Peace, justice and strong institutions",
     "Paix, justice et institutions efficaces", "Paz, justicia e instituciones sólidas"),
    ("partnerships-for-the-goals", "Partnerships for the goals",
     "Partenariats pour la réalisation des objectifs", "Alianzas para lograr los objetivos"),
]


def topics():
    if len(SDGS) != 17:
        raise DataError(f"{len(SDGS)} topics, expected the 17 SDGs")
    entries = [{"key": key, "number": number, "labels": labels(texts)}
               for number, (key, *texts) in enumerate(SDGS, start=1)]
    check_keys("topic", [e["key"] for e in entries])
    for entry in entries:
        check_labels(entry["key"], entry["labels"])
    return entries


# --- Checks and output ------------------------------------------------------------------------

def check_keys(what, keys, pattern=KEY):
    seen = set()
    for key in keys:
        if not pattern.match(key):
            raise DataError(f"{what} key {key!r} is malformed")
        if key in seen:
            raise DataError(f"duplicate {what} key {key!r}")
        seen.add(key)


def check_labels(key, texts, limit=None):
    if sorted(texts) != sorted(LANGS):
        raise DataError(f"{key}: labels for {sorted(texts)}, expected {sorted(LANGS)}")
    for lang, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"{key}: empty {lang} label")
        if text != text.strip() or "  " in text or "'" in text:  # curated text uses ’
            raise DataError(f"{key}: badly formed {lang} label {text!r}")
        if limit and len(text) > limit:
            raise DataError(f"{key}: {lang} label longer than {limit}: {text!r}")


def check_names(what, entries, pattern):
    check_keys(what, [e["code"] for e in entries], pattern)
    for entry in entries:
        for lang, text in entry["names"].items():
            if not text or text != text.strip() or "  " in text:
                raise DataError(f"{what} {entry['code']}: bad {lang} name {text!r}")
    # A broken or missing catalog shows up as names left in English.
    for lang in ("fr", "es"):
        same = sum(e["names"][lang] == e["names"]["en"] for e in entries)
        if same > len(entries) // 2:
            raise DataError(f"{same} of {len(entries)} {what} names in {lang} equal English")


def lines(entries):
    return ",\n".join(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries)


def main():
    try:
        country_list = countries()
        check_names("country", country_list, re.compile(r"^[A-Z]{2}$"))
        language_list = languages()
        check_names("language", language_list, re.compile(r"^[a-z]{2}$"))
        taxonomy = skills()
        topic_list = topics()
    except DataError as error:
        print(f"reference-data: {error}", file=sys.stderr)
        return 1

    outputs = [
        ("countries.json", f"[\n{lines(country_list)}\n]\n", f"{len(country_list)} countries"),
        ("languages.json", f"[\n{lines(language_list)}\n]\n", f"{len(language_list)} languages"),
        ("skills.json",
         f'{{"sectors": [\n{lines(taxonomy["sectors"])}\n],\n'
         f'"skills": [\n{lines(taxonomy["skills"])}\n]}}\n',
         f'{len(taxonomy["skills"])} skills in {len(taxonomy["sectors"])} sectors'),
        ("topics.json", f"[\n{lines(topic_list)}\n]\n", f"{len(topic_list)} topics"),
    ]
    for name, text, count in outputs:
        json.loads(text)  # what we write must parse
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote Resources/Data/{name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
