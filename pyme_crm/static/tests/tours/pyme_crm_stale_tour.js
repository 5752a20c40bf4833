import { registry } from "@web/core/registry";

const DEAL = "Reforma oficinas Delicias";

registry.category("web_tour.tours").add("pyme_crm_stale_tour", {
    steps: () => [
        {
            content: "The pipeline shows the stale deal with its badge",
            trigger: `.o_kanban_record:contains('${DEAL}') .o_pyme_stale_badge:contains('stale · 30 days')`,
        },
        {
            content: "A fresh deal has no badge",
            trigger: ".o_kanban_record:contains('Obra recién hablada'):not(:has(.o_pyme_stale_badge:visible))",
        },
        {
            content: "Open the activities menu",
            trigger: ".o_menu_systray .o-mail-ActivityMenu-counter",
            run: "click",
        },
        {
            content: "Open today's activities on opportunities",
            trigger: ".o-mail-ActivityGroup:contains('Lead/Opportunity') span:contains('Today')",
            run: "click",
        },
        {
            content: "The stale deal is among them, with its badge",
            trigger: `.o_data_row:contains('${DEAL}') .o_field_widget[name='stale_badge']:contains('stale · 30 days')`,
        },
        {
            content: "Open it",
            trigger: `.o_data_row .o_data_cell:contains('${DEAL}')`,
            run: "click",
        },
        {
            content: "The form says since when it is stale",
            trigger: ".alert-danger:contains('Stale since'):contains('30')",
        },
        {
            content: "The reminder is planned for the salesperson",
            trigger: ".o-mail-Activity:contains('Stale opportunity')",
        },
    ],
});
