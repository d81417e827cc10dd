"""The light markup of plan texts: paragraphs, bold headings and bold openings."""

import pytest

from campaign.plan import Paragraph, paragraphs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        (None, []),
        ("Một đoạn.", [Paragraph("Một đoạn.")]),
        ("Dòng một\ncủa đoạn.\n\nĐoạn hai.", [Paragraph("Dòng một của đoạn."), Paragraph("Đoạn hai.")]),
        ("**1. Mục đích**\n\nPhổ biến quán triệt.", [Paragraph("", "1. Mục đích"), Paragraph("Phổ biến quán triệt.")]),
        ("**2.1. Quán triệt,\ntriển khai**", [Paragraph("", "2.1. Quán triệt, triển khai")]),
        ("**3.1.** Phát động, tổ chức.", [Paragraph("Phát động, tổ chức.", "3.1.")]),
        ("Đoạn có **chữ đậm** ở giữa.", [Paragraph("Đoạn có **chữ đậm** ở giữa.")]),
        ("\r\n\r\nĐoạn sau dòng trống Windows.\r\n\r\n\r\n", [Paragraph("Đoạn sau dòng trống Windows.")]),
        ("   \n  \nChỉ khoảng trắng trước.", [Paragraph("Chỉ khoảng trắng trước.")]),
    ],
)
def test_paragraphs_split_and_mark_bold_parts(text, expected):
    assert paragraphs(text) == expected


def test_a_heading_paragraph_has_no_body_text():
    heading, body = paragraphs("**1. Mục đích**\n\nNội dung.")

    assert heading.is_heading
    assert not body.is_heading
