import { registry } from "@web/core/registry";
import { answerCallAsProposal, openApp } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

registry.category("web_tour.tours").add("pyme_crm_followup_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(), // it lands on the follow-up list
        {
            content: "Today's follow-up is highlighted",
            trigger: ".o_data_row.text-warning:contains('Hotel Mirador del Sur')",
        },
        {
            content: "The late follow-up is red",
            trigger: ".o_data_row.text-danger:contains('Talleres Mecánicos Ebro')",
        },
        {
            content: "Its latest note shows in the row",
            trigger: ".o_data_row:contains('Talleres Mecánicos Ebro') .o_data_cell:contains('Pidió precio')",
        },
        {
            content: "Open the call outcome dialog",
            trigger: ".o_data_row:contains('Talleres Mecánicos Ebro') button[name='action_open_call_outcome']",
            run: "click",
        },
        ...answerCallAsProposal(),
        {
            content: "Outcome of the call",
            trigger: ".modal .o_field_widget[name='outcome_id'] input",
            run: "edit Proposal",
        },
        {
            content: "The prospect asks for a proposal",
            trigger: ".o-autocomplete--dropdown-item:contains('Proposal requested')",
            run: "click",
        },
        {
            content: "Write the note of the call",
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Quieren la propuesta antes del viernes",
        },
        {
            content: "Save the call",
            trigger: ".modal-footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The contact left today's list",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Talleres Mecánicos Ebro')))",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Show every planned follow-up",
            trigger: ".o_filter_menu .o_menu_item:contains('All planned')",
            run: "click",
        },
        {
            content: "The new proposal comes first",
            trigger: ".o_data_row:first-child:contains('Talleres Mecánicos Ebro'):not(.text-danger)",
        },
    ],
});

registry.category("web_tour.tours").add("pyme_crm_activity_outcome_tour", {
    steps: () => [
        {
            content: "Mark the satisfaction call done from the chatter",
            trigger: ".o-mail-Activity:contains('Satisfaction') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "No outcome is chosen yet",
            trigger: ".o-mail-ActivityMarkAsDone select.o-pyme-crm-outcome:has(option[value='0']:checked)",
        },
        {
            content: "Choose its outcome",
            trigger: ".o-mail-ActivityMarkAsDone select.o-pyme-crm-outcome",
            run: "selectByLabel Not satisfied",
        },
        {
            content: "Try to close it without a note",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "The outcome asks for a note",
            trigger: ".o_notification:contains('needs a note')",
        },
        {
            content: "Write what happened",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit La entrega llegó tarde",
        },
        {
            content: "Close it",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "The chatter shows the outcome",
            trigger: ".o-mail-Message:contains('Outcome:'):contains('Not satisfied')",
        },
    ],
});
