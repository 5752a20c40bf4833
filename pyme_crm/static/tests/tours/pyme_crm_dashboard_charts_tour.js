import { registry } from "@web/core/registry";
import { fitsTheScreen, openApp } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

/**
 * A step clicking, on the chart ``key``, a bar of its first dataset: the one of the category ``category``,
 * else the first that holds something.
 */
function clickBar(content, key, category = null) {
    const selector = `.o_pyme_dashboard_chart[data-chart='${key}'] canvas`;
    return {
        content,
        trigger: selector,
        run() {
            const canvas = document.querySelector(selector);
            const chart = Chart.getChart(canvas);
            const index = category
                ? chart.data.labels.indexOf(category)
                : chart.data.datasets[0].data.findIndex((value) => value);
            if (index < 0) {
                throw new Error(`${content}: the chart ${key} has no bar to click`);
            }
            const { x, y } = chart.getDatasetMeta(0).data[index].getCenterPoint();
            const { left, top } = canvas.getBoundingClientRect();
            const position = { clientX: left + x, clientY: top + y, bubbles: true };
            canvas.dispatchEvent(new MouseEvent("click", position));
        },
    };
}

function chartSteps() {
    return [
        {
            content: "The charts are drawn",
            trigger: ".o_pyme_dashboard_chart[data-chart='proposal_ages'] canvas",
        },
        {
            content: "Look at the whole year",
            trigger: ".o_pyme_dashboard_period",
            run: "select year",
        },
        {
            content: "The year's figures, with last year's beside them",
            trigger: ".o_pyme_dashboard_figure[data-figure='sales_ordered']:contains('Previous period')",
        },
        clickBar("Click this month's sales", "sales_ordered"),
        {
            content: "The sales of that month, in the sales analysis",
            trigger: ".o_pivot:contains('1,200.00')",
        },
        {
            content: "Named after the bar",
            trigger: ".o_breadcrumb:contains('These 12 months')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_back_button",
            run: "click",
        },
        clickBar("Click the proposals in progress in the method's lists", "funnel", "Proposals in progress"),
        {
            content: "The contact with a quotation sent",
            trigger: ".o_list_view .o_data_row:contains('Bodegas Viña Alta')",
        },
    ];
}

registry.category("web_tour.tours").add("pyme_crm_dashboard_charts_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "Open the dashboard",
            trigger: ".o_menu_sections [data-menu-xmlid='pyme_crm.pyme_crm_menu_dashboard']",
            run: "click",
        },
        ...chartSteps(),
    ],
});

registry.category("web_tour.tours").add("pyme_crm_dashboard_charts_phone_tour", {
    steps: () => [
        {
            content: "The charts are drawn",
            trigger: ".o_pyme_dashboard_chart[data-chart='proposal_ages'] canvas",
        },
        fitsTheScreen("The charts stack, each as wide as the screen", ".o_pyme_dashboard_chart"),
        fitsTheScreen("The figures fit the screen", ".o_pyme_dashboard_figure"),
        {
            content: "A figure counted up to its limit says so",
            trigger:
                ".o_pyme_dashboard_figure[data-figure='followups_late'] " +
                ".o_pyme_dashboard_value[title='More than 2']:contains('2+')",
        },
        ...chartSteps(),
    ],
});
