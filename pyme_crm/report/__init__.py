from . import crm_lead_document_report
