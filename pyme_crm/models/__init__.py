from . import res_partner_commercial_role
from . import res_partner
