from . import client_lost
from . import call_outcome
from . import contact_import_sheet
from . import contact_import_column
from . import contact_import_problem
from . import contact_import
from . import contact_export
from . import mail_activity_schedule
