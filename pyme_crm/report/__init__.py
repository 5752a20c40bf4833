from . import crm_lead_document_report
from . import crm_salesperson_report
