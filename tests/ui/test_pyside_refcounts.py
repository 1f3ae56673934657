"""Guard against the PySide6 6.12.0 reference leak that aborted the app on Python 3.11.

There, every QModelIndex.data() returning None dropped a reference to None and every
Signal.emit() one to True; after enough scrolling the interpreter died in none_dealloc.
"""
import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal


class _Model(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()):
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


class _Emitter(QObject):
    sig = Signal()


def test_model_data_returning_none_keeps_none_alive(qapp):
    model = _Model()
    index = model.index(0)
    before = sys.getrefcount(None)
    for _ in range(200):
        index.data(Qt.ItemDataRole.FontRole)
    assert sys.getrefcount(None) - before > -50


def test_signal_emit_keeps_true_alive(qapp):
    emitter = _Emitter()
    emitter.sig.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.sig.emit()
    assert sys.getrefcount(True) - before > -50
