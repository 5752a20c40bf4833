"""The contact import's vocabulary, in Spanish and English: its columns, the method's values and the
follow-ups as files write them, and the workbook it reads and exports."""

import datetime
import re

from .followup import MONTHS, followup_date
from .spreadsheet import normalize, write_workbook

# The import columns: key, label (what the column is imported as), template header, and the other
# headers a file may give it (all compared normalized).
COLUMNS = [
    (
        "company",
        "Company",
        "Empresa",
        ["Compañía", "Razón social", "Company", "Organization", "Organisation"],
    ),
    (
        "name",
        "Contact name",
        "Nombre",
        ["Contacto", "Persona de contacto", "Name", "Contact", "Contact name", "Full name"],
    ),
    ("function", "Job position", "Cargo", ["Puesto", "Job position", "Job title", "Position"]),
    ("phone", "Phone", "Teléfono", ["Telefono fijo", "Tel", "Tfno", "Phone", "Telephone"]),
    ("mobile", "Mobile", "Móvil", ["Celular", "Mobile", "Cell phone"]),
    ("email", "Email", "Email", ["E-mail", "Correo", "Correo electrónico", "Mail"]),
    ("website", "Website", "Web", ["Sitio web", "Página web", "Website"]),
    ("street", "Street", "Dirección", ["Domicilio", "Calle", "Address", "Street"]),
    ("city", "City", "Ciudad", ["Localidad", "Población", "Municipio", "City", "Town"]),
    ("zip", "Zip", "CP", ["C.P.", "Código postal", "Zip", "Postal code", "Postcode"]),
    ("state", "State / province", "Provincia", ["Región", "Comunidad", "State", "Province", "Region"]),
    ("country", "Country", "País", ["Country"]),
    ("vat", "Tax ID", "NIF/CIF", ["NIF", "CIF", "DNI", "VAT", "Tax ID", "VAT number"]),
    ("category", "Tags", "Categoría", ["Categorías", "Etiqueta", "Etiquetas", "Category", "Tags", "Tag"]),
    ("commercial_list", "Commercial list", "Lista", ["Lista comercial", "List", "Commercial list"]),
    (
        "commercial_priority",
        "Priority code",
        "Prioridad",
        ["Código de prioridad", "Priority", "Priority code"],
    ),
    ("salesperson", "Salesperson", "Comercial", ["Vendedor", "Responsable", "Salesperson", "Sales rep"]),
    (
        "followup",
        "Next follow-up",
        "Seguimiento",
        ["Próximo seguimiento", "Follow-up", "Followup", "Next follow-up"],
    ),
    ("role", "Commercial roles", "Rol", ["Roles", "Role", "Commercial role"]),
    ("source", "Origin", "Origen", ["Fuente", "Source", "Origin"]),
    ("industry", "Industry", "Sector", ["Sector de actividad", "Actividad", "Industria", "Industry"]),
    ("customer_type", "Customer type", "Tipo de cliente", ["Tipo", "Customer type"]),
    (
        "purchase_potential",
        "Purchase potential",
        "Potencial",
        ["Potencial de compra", "Potential", "Purchase potential"],
    ),
    ("sales_zone", "Sales zone", "Zona", ["Zona de venta", "Zona comercial", "Sales zone", "Zone"]),
    ("notes", "Notes", "Notas", ["Nota", "Observaciones", "Comentarios", "Notes", "Note", "Comments"]),
]
IMPORTED_AS = [(key, label) for key, label, _header, _synonyms in COLUMNS]
COLUMN_KEYS = [key for key, _label, _header, _synonyms in COLUMNS]
TEMPLATE_HEADERS = [header for _key, _label, header, _synonyms in COLUMNS]
COLUMN_HEADER = dict(zip(COLUMN_KEYS, TEMPLATE_HEADERS, strict=True))
# Never imported, such as the error column of a rejected-rows file.
IGNORED_HEADERS = {normalize(header) for header in ("Error", "Errores", "Fila", "Row")}
HEADER_TO_COLUMN = {
    normalize(name): key for key, _label, header, synonyms in COLUMNS for name in (header, *synonyms)
}
# The contact field each column fills in (the notes and the follow-up fill none when the contact is
# created); a field filled by two columns is named by the first (the company's name).
COLUMN_FIELDS = {
    "company": "name",
    "name": "name",
    "function": "function",
    "phone": "phone",
    "mobile": "mobile",
    "email": "email",
    "website": "website",
    "street": "street",
    "city": "city",
    "zip": "zip",
    "state": "state_id",
    "country": "country_id",
    "vat": "vat",
    "category": "category_id",
    "commercial_list": "commercial_list",
    "commercial_priority": "commercial_priority",
    "salesperson": "user_id",
    "role": "commercial_role_ids",
    "source": "source_id",
    "industry": "industry_id",
    "customer_type": "customer_type",
    "purchase_potential": "purchase_potential",
    "sales_zone": "sales_zone_id",
}
# The columns that name the business's own records (its sectors, zones, roles, tags and origins): the
# model of those records; the import's values step matches each value to one or creates it.
CLASSIFICATIONS = {
    "industry": "res.partner.industry",
    "sales_zone": "res.partner.sales.zone",
    "role": "res.partner.commercial.role",
    "category": "res.partner.category",
    "source": "utm.source",
}
MULTI_VALUE_COLUMNS = {"role", "category"}
FIELD_HEADER = {field_name: COLUMN_HEADER[key] for key, field_name in reversed(COLUMN_FIELDS.items())}

# Selection values by the names a file may give them; the first name is the one written in exports.
LIST_VALUES = {
    "reserve": [
        "Base de datos",
        "Base de datos de contactos",
        "Base de contactos",
        "Lista de reserva",
        "Reserva",
        "Contact database",
        "Database",
        "reserve",
    ],
    "prospect": [
        "Prospectos",
        "Prospecto",
        "Clientes potenciales",
        "Cliente potencial",
        "Prospect",
        "Prospects",
    ],
    "proposal": [
        "Propuestas en curso",
        "Propuesta en curso",
        "Propuesta",
        "Propuestas",
        "Proposal",
        "Proposals",
        "Proposals in progress",
    ],
    "client": ["Clientes", "Cliente", "Client", "Clients", "Customer", "Customers"],
    "on_hold": [
        "En espera",
        "Contactos en espera",
        "Contacto en espera",
        "On hold",
        "Contacts on hold",
        "on_hold",
    ],
}
CUSTOMER_TYPE_VALUES = {
    "company": ["Empresa", "Empresas", "Sociedad", "Company"],
    "self_employed": ["Autónomo", "Autónoma", "Autónomos", "Profesional", "Self-employed", "Freelance"],
    "individual": ["Particular", "Particulares", "Persona física", "Individual"],
    "public_body": [
        "Organismo público",
        "Administración pública",
        "Administración",
        "Sector público",
        "Public body",
    ],
}
POTENTIAL_VALUES = {
    "high": ["Alto", "Alta", "High"],
    "medium": ["Medio", "Media", "Medium"],
    "low": ["Bajo", "Baja", "Low"],
}
PRIORITY_VALUES = ["A", "B", "C", "1", "2", "3"]


def by_name(values):
    return {normalize(name): key for key, names in values.items() for name in names}


LIST_BY_NAME = by_name(LIST_VALUES)
CUSTOMER_TYPE_BY_NAME = by_name(CUSTOMER_TYPE_VALUES)
POTENTIAL_BY_NAME = by_name(POTENTIAL_VALUES)
LIST_TEMPLATE_VALUES = [names[0] for names in LIST_VALUES.values()]
# What a follow-up cell may say, by the method's shortcut it stands for.
FOLLOWUP_WORDS = {
    normalize(word): shortcut
    for shortcut, words in [
        ("none", ["Ninguno", "Sin seguimiento", "None", "No"]),
        ("today", ["Hoy", "Today"]),
        ("tomorrow", ["Mañana", "Tomorrow"]),
        ("next_week", ["Próxima semana", "La próxima semana", "Semana que viene", "Next week"]),
        *[(key, [spanish, english]) for key, english, spanish in MONTHS],
        ("month_9", ["setiembre"]),  # the other Spanish spelling of septiembre
    ]
    for word in words
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
LEGAL_FORMS = re.compile(
    r"\b(s\.?\s?l\.?\s?u?|s\.?\s?a\.?\s?u?|s\.?\s?l\.?\s?l|s\.?\s?coop|c\.?\s?b|s\.?\s?c)\.?$"
)
SEPARATORS = re.compile(r"[,;|]")


def guess_column(header):
    """The import column a header stands for, in any case, with or without accents, singular or plural
    (EMPRESAS, Teléfonos, Ciudades), or False."""
    key = normalize(header)
    if key in IGNORED_HEADERS:
        return False
    for singular in (key, key.removesuffix("s"), key.removesuffix("es")):
        if column := HEADER_TO_COLUMN.get(singular):
            return column
    return False


def header_score(values):
    """How many import columns a row names: the header row is the row of the sheet that names most."""
    return len({guess_column(value) for value in values if isinstance(value, str)} - {False})


def company_key(name):
    """Company names compared without case, accents, punctuation or the legal form (S.L., S.A.U., ...)."""
    return normalize(LEGAL_FORMS.sub("", str(name).strip().lower()).strip(" ,."))


def vat_key(vat):
    return re.sub(r"[^0-9A-Za-z]", "", str(vat or "")).upper()


def split_values(text):
    """The values of a multi-value cell ("Obra, Reformas; Hoteles"), without the spaces around them: split
    on the separators, then stripped, in linear time (a pattern with spaces around the separators
    backtracks quadratically on a long run of spaces)."""
    return [value for value in (part.strip() for part in SEPARATORS.split(str(text or ""))) if value]


def parse_followup(value, today):
    """The follow-up date a cell asks for: a method shortcut, a month name or a date. None for none;
    raises ValueError when it cannot be read."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    shortcut = FOLLOWUP_WORDS.get(normalize(text))
    if shortcut:
        return followup_date(shortcut, today)
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(text)


def contacts_workbook(rows, notes=None):
    """A workbook with every import column, drop-down lists on the list and the priority, and ``rows``
    (dicts by column key): empty, the template to fill in; full, an export that imports back. ``notes``:
    a sheet of instructions (its title and lines)."""
    return write_workbook(
        TEMPLATE_HEADERS,
        [[row.get(key) or "" for key in COLUMN_KEYS] for row in rows],
        validations={
            COLUMN_HEADER["commercial_list"]: LIST_TEMPLATE_VALUES,
            COLUMN_HEADER["commercial_priority"]: PRIORITY_VALUES,
        },
        notes=notes,
    )
