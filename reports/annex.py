"""MINIMAL stand-in kept by the flow branch so its tests run; replaced by the content branch's module."""

import io

from openpyxl import Workbook


def build_annex(report):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tham gia"
    ws.append(["Chỉ tiêu", "Số lượng"])
    ws.append(["Đơn vị đăng ký", report.figures.get("participation", {}).get("registered", 0)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
