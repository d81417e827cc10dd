"""Past awards from a spreadsheet: the app's template, a row-by-row report, all rows or none.

`read_rows` checks every row of the file (the awardee's kind, unit, award, year, decision) and
matches each person by name, unit and year of birth. A row with an error stops the whole
file: the report names the row, the column and what is wrong, and nothing is stored. A person
the registry does not hold exactly once is a doubt, not an error: the office reviews it and
picks the right person or has a new one created (`store_rows`, one transaction, each award
through awards.history.record_past_award with the source "import").
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import TransitionError
from core.spreadsheets import (
    Column,
    ImportRejected,
    build_workbook,
    cell_text,
    choice_lookup,
    is_formula,
    map_header,
    read_table,
    row_values,
)
from core.text import fold, normalize
from members.models import Gender, Organization, Person

from .history import FIRST_YEAR, decision_date_error, record_past_award, same_entry, year_error
from .models import AwardType, NomineeKind, RecordSource

COLUMNS = [
    Column("kind", gettext_lazy("Awardee: individual or collective"), required=True, width=16),
    Column("full_name", gettext_lazy("Full name (of an individual)"), width=26),
    Column("birth_year", gettext_lazy("Year of birth"), width=10),
    Column("gender", gettext_lazy("Gender (for a person not yet in the registry)"), width=12),
    Column("unit", gettext_lazy("Unit (tax code or exact name)"), required=True, width=36),
    Column("award", gettext_lazy("Title or form"), required=True, width=34),
    Column("year", gettext_lazy("Year of the award"), required=True, width=10),
    Column("deciding_body", gettext_lazy("Decided by"), width=28),
    Column("decision_number", gettext_lazy("Decision number"), width=18),
    Column("decision_date", gettext_lazy("Decision date"), width=14),
    Column("note", gettext_lazy("Note"), width=24),
]
KIND_ALIASES = {
    "Cá nhân": NomineeKind.INDIVIDUAL,
    "CN": NomineeKind.INDIVIDUAL,
    "Tập thể": NomineeKind.COLLECTIVE,
    "TT": NomineeKind.COLLECTIVE,
    "Hộ": NomineeKind.HOUSEHOLD,
    "Hộ gia đình": NomineeKind.HOUSEHOLD,
}
GENDER_ALIASES = {"Nữ": Gender.FEMALE, "Nam": Gender.MALE, "F": Gender.FEMALE, "M": Gender.MALE}

# Why a person needs the office's review.
NO_MATCH, SEVERAL, NEAR = "none", "several", "near"
NEW = "new"


def template_workbook():
    notes = [
        _("Fill one row per award from row 2; keep the header row as it is. Columns marked * are required."),
        _("Awardee: “Cá nhân” (an individual) or “Tập thể” (the unit itself)."),
        _("Unit: its registration or tax code, or its exact name as in the registry."),
        _(
            "A person is found by full name, unit and year of birth; when the registry holds no such person, or "
            "several, the office chooses on the review page before anything is stored."
        ),
        _(
            "Title or form: the name or short name of an award in the app's list (e.g. CSTĐCS); any other name "
            "is kept as written."
        ),
        _("Year of the award: the year it is for. Dates are written dd/mm/yyyy."),
        _("Nothing is imported when any row has an error: the report lists every row to correct."),
    ]
    example = [
        "Cá nhân",
        "Nguyễn Thị B",
        1985,
        "Nữ",
        "6400999999",
        "Chiến sĩ thi đua cơ sở",
        2021,
        "Chủ tịch Liên minh HTX tỉnh",
        "12/QĐ-LMHTX",
        dt.date(2022, 1, 15),
        "",
    ]
    return build_workbook(_("Past awards"), COLUMNS, [], notes, example=example)


class _Index:
    """The registry in memory for matching: units by code and name, award types by name, people by unit."""

    def __init__(self):
        self.units = {}
        for org in Organization.objects.only("pk", "name", "tax_code"):
            if org.tax_code:
                self.units.setdefault(normalize(org.tax_code), set()).add(org.pk)
            self.units.setdefault(normalize(org.name), set()).add(org.pk)
        self.types = {}
        for award_type in AwardType.objects.all():
            for name in (award_type.name, award_type.short_name):
                self.types.setdefault(fold(name), []).append(award_type)
        self.kinds = choice_lookup(NomineeKind.choices, KIND_ALIASES)
        self.genders = choice_lookup(Gender.choices, GENDER_ALIASES)
        self._people = {}

    def people(self, unit_id):
        if unit_id not in self._people:
            self._people[unit_id] = list(
                Person.objects.filter(organization_id=unit_id).only("pk", "full_name", "birth_year")
            )
        return self._people[unit_id]


def match_person(people, full_name, birth_year):
    """(person id or None, candidate ids, doubt) for a name and year of birth among a unit's people.

    Exact: the same name (case and spacing aside) and, when given, the same year of birth, once.
    The same name without its diacritics, another year of birth or several people: a doubt the
    office resolves.
    """
    same = [p for p in people if normalize(p.full_name) == normalize(full_name)]
    if birth_year is not None:
        exact = [p for p in same if p.birth_year == birth_year]
    else:
        exact = same
    if len(exact) == 1:
        return exact[0].pk, [exact[0].pk], ""
    if len(exact) > 1:
        return None, [p.pk for p in exact], SEVERAL
    near = [p for p in people if fold(p.full_name) == fold(full_name)]
    if near:
        return None, [p.pk for p in near], NEAR
    return None, [], NO_MATCH


def _int(text):
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else None


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _row(number, values, index, label, seen):
    """(row as plain values, [(column, message)]) of one data row."""
    problems = []
    for key, value in values.items():
        if is_formula(value):
            problems.append((label[key], _("A formula is not imported: write the value itself.")))
    data = {key: cell_text(value) for key, value in values.items()}
    row = {"number": number}
    kind = index.kinds.get(fold(data.get("kind", "")))
    if kind not in (NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE):
        problems.append((label["kind"], _("Write “Cá nhân” (an individual) or “Tập thể” (a collective).")))
    row["kind"] = kind
    name = " ".join(data.get("full_name", "").split())
    if kind == NomineeKind.INDIVIDUAL and not name:
        problems.append((label["full_name"], _("Write the person's full name.")))
    row["full_name"] = name
    birth_year = None
    if data.get("birth_year"):
        birth_year = _int(data["birth_year"])
        if birth_year is None or not 1900 <= birth_year <= dt.date.today().year:
            problems.append((label["birth_year"], _("Write the year of birth as four digits, e.g. 1985.")))
            birth_year = None
    row["birth_year"] = birth_year
    gender = ""
    if data.get("gender"):
        gender = index.genders.get(fold(data["gender"]), "")
        if not gender:
            problems.append((label["gender"], _("Write “Nam” or “Nữ”.")))
    row["gender"] = gender
    units = index.units.get(normalize(data.get("unit", "")), set())
    if not data.get("unit"):
        problems.append((label["unit"], _("Write the unit's tax code or its exact name.")))
    elif not units:
        problems.append((label["unit"], _("No unit with this code or name is in the registry.")))
    elif len(units) > 1:
        problems.append((label["unit"], _("Several units have this name: write its tax code.")))
    row["unit"] = next(iter(units)) if len(units) == 1 else None
    award = " ".join(data.get("award", "").split())
    types = index.types.get(fold(award), []) if award else []
    row["award_type"], row["title"] = (types[0].pk, "") if len(types) == 1 else (None, award)
    if not award:
        problems.append((label["award"], _("Write the title or form.")))
    elif len(types) == 1 and kind and not types[0].accepts(kind):
        problems.append(
            (label["award"], _("“%(award)s” is not awarded to a nominee of this kind.") % {"award": types[0].name})
        )
    year = _int(data.get("year", "")) if data.get("year") else None
    if year is None:
        problems.append((label["year"], _("Write the year as four digits, e.g. 2021.")))
    elif error := year_error(year):
        problems.append((label["year"], error))
        year = None
    row["year"] = year
    try:
        day = _date(values.get("decision_date"))
    except ValueError:
        problems.append((label["decision_date"], _("Write the date as dd/mm/yyyy.")))
        day = None
    if day and year and (error := decision_date_error(year, day)):
        problems.append((label["decision_date"], error))
    row["decision_date"] = day.isoformat() if day else ""
    for key, limit in (("deciding_body", 300), ("decision_number", 60)):
        row[key] = data.get(key, "")
        if len(row[key]) > limit:
            problems.append((label[key], _("At most %(n)s characters.") % {"n": limit}))
    row["note"] = data.get("note", "")
    row["person"], row["candidates"], row["doubt"] = None, [], ""
    if kind == NomineeKind.INDIVIDUAL and name and row["unit"]:
        row["person"], row["candidates"], row["doubt"] = match_person(index.people(row["unit"]), name, birth_year)
    key = (kind, fold(name), birth_year, row["unit"], fold(award), year)
    if not problems:
        if key in seen:
            problems.append(
                (label["award"], _("The same award of that year is also in row %(row)s.") % {"row": seen[key]})
            )
        seen[key] = number
    return row, problems


def read_rows(fileobj, filename):
    """(rows, errors) of an uploaded file; ImportRejected when the file itself is not the template.

    `errors` are (row number, column, message); the rows are plain values (kept in the session
    until the office confirms), each with the person found or the doubt to resolve.
    """
    if not filename.lower().endswith(".xlsx"):
        raise ImportRejected(_("Upload the Excel file (.xlsx) made from the template."))
    header, body = read_table(fileobj, filename, settings.IMPORT_MAX_ROWS)
    positions = map_header(header, COLUMNS)
    label = {c.key: str(c.label) for c in COLUMNS}
    index = _Index()
    rows, errors, seen = [], [], {}
    for number, cells in body:
        values = {c.key: None for c in COLUMNS}
        values.update(row_values(cells, positions))
        row, problems = _row(number, values, index, label, seen)
        rows.append(row)
        errors.extend((number, column, message) for column, message in problems)
    if not errors:
        errors.extend(_already_there(rows, label))
    return rows, errors


def _already_there(rows, label):
    """Rows whose awardee is known and whose award of that year is already in the history."""
    types = {t.pk: t for t in AwardType.objects.filter(pk__in={r["award_type"] for r in rows if r["award_type"]})}
    found = []
    for row in rows:
        who = {}
        if row["kind"] == NomineeKind.INDIVIDUAL:
            if not row["person"]:
                continue
            who["person"] = row["person"]
        else:
            who["organization"] = row["unit"]
        exists = same_entry(
            nominee_kind=row["kind"],
            award_type=types.get(row["award_type"]),
            title=row["title"],
            year=row["year"],
            **who,
        ).exists()
        if exists:
            found.append((row["number"], label["award"], _("This award of that year is already in the history.")))
    return found


def doubtful(rows):
    return [row for row in rows if row["doubt"]]


@transaction.atomic
def store_rows(rows, choices, *, by):
    """Store every row, or none: `choices` maps a doubtful row's number to a person id among its
    candidates, or NEW to create the person in the row's unit. Returns the records created."""
    created_people = {}
    people = {}
    for row in rows:
        if not row["doubt"]:
            continue
        choice = choices.get(row["number"]) or ""
        if choice == NEW:
            if not row["gender"]:
                raise TransitionError(
                    _("Row %(row)s: give the gender of %(name)s to create the person, or pick one found.")
                    % {"row": row["number"], "name": row["full_name"]}
                )
            key = (fold(row["full_name"]), row["birth_year"], row["unit"], row["gender"])
            if key not in created_people:
                person = Person(
                    full_name=row["full_name"],
                    gender=row["gender"],
                    birth_year=row["birth_year"],
                    organization_id=row["unit"],
                )
                person._history_user = by
                person.save()
                created_people[key] = person
            people[row["number"]] = created_people[key]
            continue
        chosen = int(choice) if str(choice).isdigit() else None
        if chosen not in row["candidates"]:
            raise TransitionError(
                _("Row %(row)s: choose who %(name)s is, or create the person.")
                % {"row": row["number"], "name": row["full_name"]}
            )
        people[row["number"]] = Person.objects.get(pk=chosen)
    types = {t.pk: t for t in AwardType.objects.all()}
    units = Organization.objects.in_bulk({row["unit"] for row in rows})
    known = Person.objects.in_bulk({row["person"] for row in rows if row["person"]})
    records = []
    for row in rows:
        who = {}
        if row["kind"] == NomineeKind.INDIVIDUAL:
            who["person"] = people.get(row["number"]) or known[row["person"]]
        else:
            who["organization"] = units[row["unit"]]
        try:
            records.append(
                record_past_award(
                    by=by,
                    year=row["year"],
                    award_type=types.get(row["award_type"]),
                    title=row["title"],
                    nominee_kind=row["kind"],
                    deciding_body=row["deciding_body"],
                    decision_number=row["decision_number"],
                    decision_date=dt.date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
                    source=RecordSource.IMPORT,
                    note=row["note"],
                    **who,
                )
            )
        except TransitionError as error:
            raise TransitionError(_("Row %(row)s: %(error)s") % {"row": row["number"], "error": error}) from error
    return records


__all__ = ["FIRST_YEAR", "ImportRejected", "doubtful", "read_rows", "store_rows", "template_workbook"]
