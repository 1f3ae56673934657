"""Exporting the agreement and its KPI templates from the File menu, in the background."""
import pypdf
from PySide6.QtWidgets import QFileDialog

from tests.print_support import nfkc


def test_export_agreement_and_templates_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    from app.services import agreements
    from app.services.demo import build_demo_agreement

    with window.ws.transaction() as s:
        agreement_id = build_demo_agreement(s)
    window.refresh_navigator()
    assert not window.act_export_agreement.isEnabled()
    screen = window.open_agreement(agreement_id)
    assert screen is not None and window.act_export_agreement.isEnabled()
    for action, name, expected in ((window.act_export_agreement, "agreement.pdf", "คำรับรองการปฏิบัติราชการ"),
                                   (window.act_export_kpi, "kpi.pdf", "รายละเอียดตัวชี้วัด")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, target=target, **k: (str(target), ""))
        action.trigger()
        qtbot.waitUntil(lambda target=target: target.exists() and target.stat().st_size > 0, timeout=30_000)
        qtbot.waitUntil(lambda: "แล้ว" in window.statusBar().currentMessage(), timeout=30_000)
        text = nfkc("".join(p.extract_text() for p in pypdf.PdfReader(str(target)).pages))
        assert nfkc(expected) in text
    with window.ws.session() as s:
        names = [i.name for i in agreements.load_agreement(s, agreement_id).indicators]
    assert nfkc(names[3][:20]) in text
