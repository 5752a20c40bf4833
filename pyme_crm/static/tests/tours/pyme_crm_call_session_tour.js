import { registry } from "@web/core/registry";
import { fitsTheScreen, openApp } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

const PROPOSAL = "Reformas Delicias S.L.";
const FOLLOWUP = "Talleres Mecánicos Ebro";
const CLIENT = "Hotel Mirador del Sur";
const NOTE = "Quiere la propuesta con el mantenimiento incluido";

function contactStep(reason, name) {
    return {
        content: `The next contact is ${name} (${reason})`,
        trigger: `.o_pyme_call_line[data-reason='${reason}'] .o_pyme_call_name:contains('${name}')`,
    };
}

function figureStep(figure, value) {
    const trigger = `.o_pyme_call_figure[data-figure='${figure}'] .o_pyme_call_figure_value`;
    return {
        content: `The summary shows ${value} ${figure}`,
        trigger,
        run() {
            const shown = document.querySelector(trigger).textContent.trim();
            if (shown !== String(value)) {
                throw new Error(`${figure}: ${shown} shown instead of ${value}`);
            }
        },
    };
}

const theProposal = () => [
    contactStep("proposal", PROPOSAL),
    {
        content: "The deal shows with its amount",
        trigger: ".o_pyme_call_deal:contains('Reforma de la nave'):contains('12,000.00')",
    },
    {
        content: "The company's people can be called",
        trigger: ".o_pyme_call_person:contains('Marta Gil') a[href='tel:+34600111222']",
    },
    {
        content: "The latest note shows",
        trigger: ".o_pyme_call_past_note:contains('Pidió la propuesta por escrito')",
    },
    {
        content: "The phone is a big call link",
        trigger: "a.o_pyme_call_phone[href='tel:+34976111222']",
    },
    {
        content: "WhatsApp opens in a new tab",
        trigger: "a.o_pyme_call_whatsapp[target='_blank'][href^='https://wa.me/']",
    },
    {
        content: "None of the three calls is handled yet",
        trigger: ".o_pyme_call_progress_calls:contains('0 / 3')",
    },
];

const theRest = () => [
    contactStep("followup", FOLLOWUP),
    {
        content: "Nobody answers: one tap logs it",
        trigger: "button.o_pyme_call_outcome[data-name='No answer']",
        run: "click",
    },
];

registry.category("web_tour.tours").add("pyme_crm_call_session_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(), // it lands on the follow-up list
        {
            content: "Open the call screen from the follow-up list",
            trigger: ".o_list_view button:contains('Call session')",
            run: "click",
        },
        {
            content: "A new session asks how many calls",
            trigger: ".o_pyme_call_start_form input.o_pyme_call_limit",
            run: "edit 20",
        },
        {
            content: "Start calling",
            trigger: "button.o_pyme_call_start",
            run: "click",
        },
        ...theProposal(),
        {
            content: "Pick “Interested” with its key",
            trigger: "button.o_pyme_call_outcome[data-name='Interested'][data-hotkey]",
            run(helpers) {
                return helpers.press(this.anchor.dataset.hotkey);
            },
        },
        {
            content: "“Interested” is chosen",
            trigger: "button.o_pyme_call_outcome.active[data-name='Interested']",
        },
        {
            content: "Next follow-up: tomorrow",
            trigger: "button.o_pyme_call_shortcut[data-shortcut='tomorrow']",
            run: "click",
        },
        {
            content: "Write the note of the call",
            trigger: "textarea.o_pyme_call_note",
            run: `edit ${NOTE}`,
        },
        {
            content: "Save and go to the next one from the note",
            trigger: "textarea.o_pyme_call_note",
            run: "press Control+Enter",
        },
        ...theRest(),
        {
            content: "Too many calls without an answer: keep it anyway",
            trigger: `.o_pyme_call_on_hold:contains('${FOLLOWUP}') button.o_pyme_call_keep`,
            run: "click",
        },
        contactStep("client", CLIENT),
        {
            content: "Skip the client with its key",
            trigger: ".o_pyme_call_progress_calls:contains('2 / 3')",
            run: "press s",
        },
        {
            content: "All calls done: end the session",
            trigger: ".o_pyme_call_all_done button.o_pyme_call_end_all_done",
            run: "click",
        },
        figureStep("calls", 2),
        figureStep("answered", 1),
        {
            content: "Back to the follow-ups",
            trigger: "button.o_pyme_call_back",
            run: "click",
        },
        {
            content: "The follow-up list shows",
            trigger: ".o_breadcrumb:contains('Follow-up')",
        },
    ],
});

registry.category("web_tour.tours").add("pyme_crm_call_session_phone_tour", {
    url: "/odoo/action-pyme_crm.res_partner_action_followup",
    steps: () => [
        {
            content: "A phone keeps the list's buttons in the control panel's menu",
            trigger: ".o_kanban_view button.dropdown-toggle.o_control_panel_collapsed_create",
            run: "click",
        },
        {
            content: "Open the call screen from the follow-up cards",
            trigger: ".o_control_panel_collapsed_create.dropdown-menu button:contains('Call session')",
            run: "click",
        },
        fitsTheScreen("The start form fits the screen", ".o_pyme_call_start_form .form-control, .o_pyme_call_start"),
        {
            content: "Start calling",
            trigger: "button.o_pyme_call_start",
            run: "click",
        },
        ...theProposal(),
        fitsTheScreen(
            "The contact's buttons fit the screen",
            ".o_pyme_call_contact .btn, .o_pyme_call_outcome, .o_pyme_call_shortcut, .o_pyme_call_end"
        ),
        fitsTheScreen("The bottom bar fits the screen", ".o_pyme_call_save, .o_pyme_call_skip"),
        {
            content: "Tap “Interested”",
            trigger: "button.o_pyme_call_outcome[data-name='Interested']",
            run: "click",
        },
        {
            content: "Tap “Tomorrow”",
            trigger: "button.o_pyme_call_outcome.active[data-name='Interested']",
            run: "click button.o_pyme_call_shortcut[data-shortcut='tomorrow']",
        },
        {
            content: "“Tomorrow” is chosen",
            trigger: "button.o_pyme_call_shortcut.active[data-shortcut='tomorrow']",
        },
        {
            content: "Write the note of the call",
            trigger: "textarea.o_pyme_call_note",
            run: `edit ${NOTE}`,
        },
        {
            content: "Save and next",
            trigger: "button.o_pyme_call_save",
            run: "click",
        },
        ...theRest(),
        fitsTheScreen("The on hold notice fits the screen", ".o_pyme_call_on_hold .btn"),
        {
            content: "Too many calls without an answer: put it on hold",
            trigger: `.o_pyme_call_on_hold:contains('${FOLLOWUP}') button.o_pyme_call_hold`,
            run: "click",
        },
        contactStep("client", CLIENT),
        {
            content: "Skip the client",
            trigger: "button.o_pyme_call_skip",
            run: "click",
        },
        {
            content: "All calls done: end the session",
            trigger: ".o_pyme_call_all_done button.o_pyme_call_end_all_done",
            run: "click",
        },
        figureStep("calls", 2),
        figureStep("answered", 1),
        fitsTheScreen("The summary fits the screen", ".o_pyme_call_figure, .o_pyme_call_back"),
        {
            content: "Back to the follow-ups",
            trigger: "button.o_pyme_call_back",
            run: "click",
        },
        {
            content: "The follow-up cards show",
            trigger: ".o_kanban_view.o_pyme_followup_kanban",
        },
    ],
});
