"""Pure rules of decisions, proposals and certificates: order, counts, wording, amounts in words (no ORM)."""

import re
from dataclasses import dataclass

from core.text import fold

COLLECTIVE_KINDS = ("collective", "household")


def receives_as_collective(nominee_kind):
    """A collective or a household receives a collective's amount; a person or an initiative's authors do not."""
    return nominee_kind in COLLECTIVE_KINDS


def award_sort_key(type_order, type_name, type_pk, nominee_kind, nominee_name):
    """Lines of a decision: by award type, then collectives before individuals, then by name."""
    return (type_order, fold(type_name), type_pk, 0 if receives_as_collective(nominee_kind) else 1, fold(nominee_name))


def two_digits(count):
    """Counts in official texts take a leading zero under ten: 03 tập thể."""
    return f"{count:02d}"


def count_phrase(collectives, individuals):
    """ "02 tập thể và 03 cá nhân", "01 tập thể", "05 cá nhân"; empty when both are zero."""
    parts = []
    if collectives:
        parts.append(f"{two_digits(collectives)} tập thể")
    if individuals:
        parts.append(f"{two_digits(individuals)} cá nhân")
    return " và ".join(parts)


def lower_first(text):
    text = (text or "").strip()
    return text[:1].lower() + text[1:]


_LEADING_VERBS = ("triển khai ", "phát động ", "tổ chức ", "thực hiện ")


def movement_phrase(campaign_name):
    """The campaign as the object of "thành tích xuất sắc trong …": the plan's verb is dropped.

    "Triển khai phong trào thi đua đặc biệt “…”" → "phong trào thi đua đặc biệt “…”".
    """
    text = lower_first(campaign_name)
    for verb in _LEADING_VERBS:
        if text.startswith(verb):
            return text[len(verb) :].strip()
    return text


# What awardees outside a campaign are commended for, after "đã có" (printed, in Vietnamese).
OCCASION_MERIT = {
    "ad_hoc": "thành tích xuất sắc đột xuất",
    "thematic": "thành tích xuất sắc trong phong trào thi đua theo chuyên đề",
    "flag": "thành tích xuất sắc, dẫn đầu phong trào thi đua",
    "medal": "nhiều đóng góp cho sự nghiệp xây dựng và phát triển kinh tế tập thể, hợp tác xã",
}


def merit_phrase(occasion, movement="", deeds=()):
    """What a decision, a proposal or a certificate says the awardees did, after "đã có":
    "thành tích xuất sắc trong <the campaign>", or by the occasion outside any campaign — the deed
    (ad-hoc) or the drive (thematic) named when every line is for the same one."""
    if occasion == "campaign":
        return f"thành tích xuất sắc trong {movement}"
    named = list(dict.fromkeys(" ".join(str(d).split()).rstrip(" .;") for d in deeds if d and str(d).strip()))
    if occasion == "ad_hoc" and len(named) == 1:
        return f"thành tích xuất sắc đột xuất: {lower_first(named[0])}"
    if occasion == "thematic" and len(named) == 1:
        return f"thành tích xuất sắc trong {lower_first(named[0])}"
    return OCCASION_MERIT[occasion]


def short_achievement(text, limit=180):
    """One line of a nomination's achievements for a certificate: the first sentence, cut at a word."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.;!?])\s", text, maxsplit=1)[0].rstrip(" .;")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def paper_for(category, short_name, name):
    """The paper an award type gives by default (docs/law-notes.md): "" for Lao động tiên tiến, which
    the decision alone recognises; a Giấy chứng nhận for another title; a form's own Giấy/Bằng khen."""
    if category == "title":
        folded = fold(f"{short_name} {name}")
        if ("lao dong tien tien" in folded or "lđtt" in folded or "ldtt" in folded) and "tap the" not in folded:
            return ""
        return "chung_nhan"
    for word, paper in (("Bằng khen", "bang_khen"), ("Giấy khen", "giay_khen")):
        if fold(short_name).startswith(fold(word)) or fold(name).startswith(fold(word)):
            return paper
    return "giay_khen"


PAPER_HEADINGS = {"giay_khen": "GIẤY KHEN", "bang_khen": "BẰNG KHEN", "chung_nhan": "GIẤY CHỨNG NHẬN"}


def certificate_heading(category, short_name, name):
    """The big word of a certificate: GIẤY KHEN or BẰNG KHEN for a form; a title gets GIẤY CHỨNG NHẬN."""
    if category == "title":
        return "GIẤY CHỨNG NHẬN"
    for word in ("Giấy khen", "Bằng khen"):
        if fold(short_name).startswith(fold(word)) or fold(name).startswith(fold(word)):
            return word.upper()
    return (short_name or name).upper()


@dataclass(frozen=True)
class Line:
    """A line of an annexed list, as the pure rules see it."""

    type_key: object
    collective: bool
    amount: int


def group_counts(lines):
    """{type_key: (collectives, individuals, total amount)} in the order types first appear."""
    counts = {}
    for line in lines:
        collectives, individuals, total = counts.get(line.type_key, (0, 0, 0))
        if line.collective:
            collectives += 1
        else:
            individuals += 1
        counts[line.type_key] = (collectives, individuals, total + line.amount)
    return counts


# --- amounts in words, as a Vietnamese decision writes them -----------------------------

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")


def _three(number, full):
    """Words of 0–999; `full` reads "không trăm" and "linh" as inside a larger number."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
        if units:
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _below_billion(number, full):
    words = []
    groups = [number // 1_000_000, number // 1000 % 1000, number % 1000]
    started = full
    for index, group in enumerate(groups):
        if group == 0:
            continue
        words += _three(group, started)
        if GROUPS[2 - index]:
            words.append(GROUPS[2 - index])
        started = True
    return words


def _words(number, full=False):
    if number >= 1_000_000_000:
        high, low = divmod(number, 1_000_000_000)
        words = _words(high, full) + ["tỷ"]
        return words + (_below_billion(low, True) if low else [])
    return _below_billion(number, full)


def vnd_in_words(amount):
    """ "Hai triệu bảy trăm nghìn đồng" for 2,700,000; "Một triệu không trăm linh năm nghìn đồng"."""
    amount = int(amount)
    if amount < 0:
        raise ValueError("an amount of money is not negative")
    text = " ".join(_words(amount)) if amount else "không"
    return f"{text[:1].upper()}{text[1:]} đồng"


HONORIFICS = {"male": "Ông", "female": "Bà"}


def honorific(gender):
    """ "Ông" or "Bà" before a person's name in an official paper; empty when the gender is not known."""
    return HONORIFICS.get(gender or "", "")


def household_name(head_name, head_gender):
    """ "Hộ ông Y Bhim Niê", "Hộ bà …"; "Hộ gia đình …" when the head's gender is not recorded."""
    title = honorific(head_gender).lower()
    return f"Hộ {title} {head_name}" if title else f"Hộ gia đình {head_name}"


NBSP = "\u00a0"


def no_lone_last_word(text):
    """The last two words joined by a no-break space, so that a wrapped line never leaves one word alone."""
    words = (text or "").split()
    if len(words) < 3:
        return NBSP.join(words)
    return " ".join(words[:-2]) + " " + NBSP.join(words[-2:])


STANDING_COMMITTEE_LINE = "T/M BAN THƯỜNG VỤ"


def deciding_body(decided_by):
    """Who decides, as printed above the issuer's name: "CHỦ TỊCH" for the chairman's own awards,
    "BAN THƯỜNG VỤ" where the Standing Committee decides."""
    return "BAN THƯỜNG VỤ" if decided_by == "committee" else "CHỦ TỊCH"


def signature_lines(decided_by, signer_title, signer_authority, signer_line=""):
    """The signature block's capital lines for a decision or certificate of `decided_by`.

    The chairman signs his own award as "CHỦ TỊCH"; a deputy "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
    For the Standing Committee: "T/M BAN THƯỜNG VỤ" above that (Decree 30: TM. the collective).
    """
    lines = []
    if decided_by == "committee":
        line = (signer_line or "").strip()
        lines.append(line if line.upper().startswith(("T/M", "TM.")) else STANDING_COMMITTEE_LINE)
    if signer_authority == "kt":
        lines.append("KT. CHỦ TỊCH")
    lines.append(signer_title)
    return lines


def deciding_authority(authority, authority_line):
    """Who decides, as printed under the subject: "BAN THƯỜNG VỤ" when signed T/M, else "CHỦ TỊCH".

    A deputy signing "KT. CHỦ TỊCH" decides for the chairman, so the chairman is named.
    """
    line = (authority_line or "").strip()
    if authority == "tm" and line.upper().startswith("T/M "):
        return line[4:].strip().upper()
    return "CHỦ TỊCH"


def printed_name(nominee_kind, *, person_name="", organization_name="", household_head="", initiative_title=""):
    """The nominee as an official document names it, in Vietnamese whatever the page's language."""
    if nominee_kind == "individual":
        return person_name
    if nominee_kind == "household":
        return household_head if household_head.startswith("Hộ ") else f"Hộ gia đình {household_head}"
    if nominee_kind == "initiative":
        return f"Sáng kiến “{initiative_title}”"
    return organization_name


def title_name(name):
    """ "Danh hiệu Lao động tiên tiến" → "Lao động tiên tiến", to follow the words "danh hiệu"."""
    name = (name or "").strip()
    return name[len("danh hiệu ") :].strip() if fold(name).startswith("danh hieu ") else name


def summary(text, limit=900):
    """A nomination's achievements on one paragraph for the proposal's list, cut at a word."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
