"""The Thai print engine (reportlab + HarfBuzz + dictionary line breaking). No Qt here."""
