import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";
import { openCommercialList } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

/** From the upload to the result: the title row skipped, the values step, the preview, the import. */
function importWorkbookSteps() {
    return [
        {
            content: "Upload the workbook",
            trigger: ".modal .o_field_widget[name='file']",
            async run() {
                const response = await fetch("/web/content/pyme_crm.tour_contacts_workbook");
                const file = new File([await response.blob()], "contactos.xlsx", {
                    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                });
                await inputFiles(".modal .o_field_widget[name='file'] input[type='file']", [file]);
            },
        },
        {
            content: "The file is there",
            trigger: ".modal .o_field_widget[name='file'] input.o_input:value('contactos.xlsx')",
        },
        {
            content: "Read it",
            trigger: ".modal button[name='action_read_file']",
            run: "click",
        },
        {
            content: "The header row is found below the title and the blank row",
            trigger: ".modal .o_field_widget[name='header_row'] input:value('3')",
        },
        {
            content: "Its columns are recognised, in capitals too",
            trigger: ".modal .o_field_widget[name='column_ids'] .o_data_row:contains('TELÉFONO'):contains('Phone')",
        },
        {
            content: "Next: the values of the file",
            trigger: ".modal button[name='action_read_values']",
            run: "click",
        },
        {
            content: "A sector written without its accent is the existing one",
            trigger: ".modal .o_field_widget[name='value_ids'] .o_data_row:contains('ferreteria'):contains('An existing one'):contains('Ferretería')",
        },
        {
            content: "A new sector is to be created",
            trigger: ".modal .o_field_widget[name='value_ids'] .o_data_row:contains('Odontología') [name='action']:contains('Create it')",
        },
        {
            content: "Preview",
            trigger: ".modal button[name='action_preview']",
            run: "click",
        },
        {
            content: "Nothing written yet: three new contacts would be imported",
            trigger: ".modal .alert-info:contains('nothing has been written') ~ .o_pyme_import_counts [name='new_count']:contains('3')",
        },
        {
            content: "Import",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "Imported",
            trigger: ".modal .o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
    ];
}

registry.category("web_tour.tours").add("pyme_crm_import_tour", {
    url: "/odoo",
    steps: () => [
        ...openCommercialList("res_partner_menu_list_prospect"),
        {
            content: "Import a workbook into the lists",
            trigger: ".o_list_view .o_control_panel button:contains('Import Excel'), .o_list_button_import_excel",
            run: "click",
        },
        ...importWorkbookSteps(),
        {
            content: "Close",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        ...openCommercialList("res_partner_menu_list_client"),
        {
            content: "The client is in the clients' list",
            trigger: ".o_data_row:contains('Ferretería La Llave'):contains('A')",
        },
        ...openCommercialList("res_partner_menu_list_prospect"),
        {
            content: "The prospect is in the prospects' list",
            trigger: ".o_data_row:contains('Clínica Dental Sonrisa')",
        },
    ],
});

registry.category("web_tour.tours").add("pyme_crm_import_phone_tour", {
    url: "/odoo/action-pyme_crm.res_partner_import_action",
    steps: () => [
        ...importWorkbookSteps(),
        {
            content: "The counts fit the screen",
            trigger: ".modal .o_pyme_import_counts [name='new_count']:contains('3')",
        },
    ],
});
