from . import res_partner_client_lost
from . import res_partner_call_outcome
from . import res_partner_import_sheet
from . import res_partner_import_column
from . import res_partner_import_problem
from . import res_partner_import
from . import res_partner_export
from . import mail_activity_schedule
