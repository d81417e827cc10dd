"""Demo identities: the Đắk Nông Alliance of 2021 and the Lâm Đồng Alliance after the 2025 merger."""

import datetime as dt

from core.demo import upsert

from .models import IssuingBody, Signer, SignerAuthority

# The recipients of plan 514/KH-LMHTX, the usual list for the Alliance's documents.
RECIPIENTS = "\n".join(
    [
        "Ban TĐKT Liên minh HTX Việt Nam (b/c);",
        "Thường trực LMHTX tỉnh;",
        "Các đơn vị thành viên;",
        "Các phòng, ban, đơn vị trực thuộc Liên minh HTX tỉnh;",
        "Lưu: VT, VP.",
    ]
)

BODIES = [
    {
        "valid_from": dt.date(2004, 6, 8),
        "parent_body": "UBND TỈNH ĐẮK NÔNG",
        "header_name": "LIÊN MINH HTX",
        "full_name": "Liên minh Hợp tác xã tỉnh Đắk Nông",
        "symbol": "LMHTX",
        "place": "Đắk Nông",
        "address": "Đường 23 tháng 3, phường Nghĩa Đức, thành phố Gia Nghĩa, tỉnh Đắk Nông",
        "default_recipients": RECIPIENTS,
        "signers": [
            ("Nguyễn Khải", "CHỦ TỊCH", SignerAuthority.ON_BEHALF, "T/M BAN THƯỜNG VỤ", True),
            ("Trần Văn Thanh", "PHÓ CHỦ TỊCH", SignerAuthority.DEPUTY, "KT. CHỦ TỊCH", False),
        ],
    },
    {
        "valid_from": dt.date(2025, 7, 1),
        "parent_body": "UBND TỈNH LÂM ĐỒNG",
        "header_name": "LIÊN MINH HTX",
        "full_name": "Liên minh Hợp tác xã tỉnh Lâm Đồng",
        "symbol": "LMHTX",
        "place": "Lâm Đồng",
        "address": "Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        "default_recipients": RECIPIENTS,
        "signers": [
            ("Phạm Minh Tuấn", "CHỦ TỊCH", SignerAuthority.ON_BEHALF, "T/M BAN THƯỜNG VỤ", True),
            ("Nguyễn Khải", "PHÓ CHỦ TỊCH", SignerAuthority.DEPUTY, "KT. CHỦ TỊCH", False),
        ],
    },
]


def load_issuers():
    """Create or update the two demo identities and their signers; safe to rerun."""
    for data in BODIES:
        data = dict(data)
        signers = data.pop("signers")
        body = upsert(IssuingBody, {"valid_from": data.pop("valid_from")}, data)
        for order, (name, title, authority, line, is_default) in enumerate(signers):
            upsert(
                Signer,
                {"issuing_body": body, "full_name": name},
                {
                    "title": title,
                    "authority": authority,
                    "authority_line": line,
                    "is_default": is_default,
                    "order": order,
                },
            )
    return IssuingBody.objects.count()
