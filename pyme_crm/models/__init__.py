from . import res_partner_commercial_role
from . import res_partner_sales_zone
from . import res_partner
from . import crm_stage
from . import crm_lead
from . import sale_order
from . import account_move
from . import crm_call_script
