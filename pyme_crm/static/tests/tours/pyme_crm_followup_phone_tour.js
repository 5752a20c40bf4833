import { registry } from "@web/core/registry";
import { answerCallAsProposal, fitsTheScreen } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

const LATE = ".o_kanban_record:contains('Talleres Mecánicos Ebro')";
const TODAY = ".o_kanban_record:contains('Hotel Mirador del Sur')";

registry.category("web_tour.tours").add("pyme_crm_followup_phone_tour", {
    url: "/odoo/action-pyme_crm.res_partner_action_followup",
    steps: () => [
        {
            content: "A phone opens the follow-up list as cards",
            trigger: ".o_kanban_view.o_pyme_followup_kanban " + LATE,
        },
        {
            content: "The late follow-up is red",
            trigger: `${LATE} .o_field_widget[name='next_followup_date'].text-danger`,
        },
        {
            content: "Today's follow-up is orange",
            trigger: `${TODAY} .o_field_widget[name='next_followup_date'].text-warning`,
        },
        {
            content: "The late contact is still a prospect",
            trigger: `${LATE} .o_field_widget[name='commercial_list']:contains('Prospects')`,
        },
        {
            content: "Its latest note shows on the card",
            trigger: `${LATE} .o_pyme_followup_note:contains('Pidió precio del mantenimiento')`,
        },
        {
            content: "The call button dials the contact's phone",
            trigger: `${LATE} a.o_pyme_followup_call[href='tel:+34976000111']`,
        },
        {
            content: "WhatsApp is offered for a contact with a phone",
            trigger: `${LATE} button[name='action_whatsapp']`,
        },
        {
            content: "No WhatsApp for a contact without a phone",
            trigger: `${TODAY}:not(:has(button[name='action_whatsapp'])):not(:has(a.o_pyme_followup_call))`,
        },
        fitsTheScreen(
            "The card's buttons fit the screen",
            `${LATE} footer .btn, ${TODAY} footer .btn`
        ),
        {
            content: "Open the call outcome dialog from the card",
            trigger: `${LATE} button[name='action_open_call_outcome']`,
            run: "click",
        },
        ...answerCallAsProposal(),
        {
            content: "Outcome of the call: a phone opens the choice in a dialog",
            trigger: ".modal .o_field_widget[name='outcome_id'] input",
            run: "click",
        },
        {
            content: "The prospect asks for a proposal",
            trigger: ".modal .o_kanban_record:contains('Proposal requested'), .modal .o_data_row:contains('Proposal requested')",
            run: "click",
        },
        {
            content: "The outcome is chosen",
            trigger: ".modal .o_field_widget[name='outcome_id'] input:value('Proposal requested')",
        },
        {
            content: "Write the note of the call",
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Quieren la propuesta antes del viernes",
        },
        fitsTheScreen("The dialog's save button fits the screen", ".modal button[name='action_apply']"),
        {
            content: "Save the call",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The contact left today's cards",
            trigger: `body:not(:has(.modal)) .o_kanban_view:has(${TODAY}):not(:has(${LATE}))`,
        },
    ],
});
