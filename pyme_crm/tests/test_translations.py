from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader


@tagged("post_install", "-at_install")
class TestSpanishTranslation(TransactionCase):
    def test_every_source_string_has_a_spanish_translation(self):
        """Every term Odoo would export for the addon (fields, selections, views,
        menus, data, code strings) is translated in i18n/es.po."""
        terms = {
            source for *_, source, _value, _comments in TranslationModuleReader(self.env.cr, ["pyme_crm"])
        }
        self.assertGreater(len(terms), 50, "the export found the addon's terms")
        with open(f"{get_module_path('pyme_crm')}/i18n/es.po", "rb") as po_file:
            spanish = {entry["src"]: entry["value"] for entry in PoFileReader(po_file)}
        missing = sorted(term for term in terms if not spanish.get(term))
        self.assertFalse(missing, "Without a Spanish translation in i18n/es.po:\n" + "\n".join(missing))
