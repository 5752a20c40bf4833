import { queryAll } from "@odoo/hoot-dom";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** Steps that open the CRM PYME app from the apps menu. */
export function openApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM PYME app",
            trigger: ".o_app[data-menu-xmlid='pyme_crm.pyme_crm_menu_root']",
            run: "click",
        },
    ];
}

/** Steps that open one of the commercial lists from the CRM PYME app's menu. */
export function openCommercialList(menuXmlid) {
    return [
        ...openApp(),
        {
            content: "Open the lists menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='pyme_crm.pyme_crm_menu_lists']",
            run: "click",
        },
        {
            content: "Open the list",
            trigger: `.o-dropdown-item[data-menu-xmlid='pyme_crm.${menuXmlid}']`,
            run: "click",
        },
    ];
}

/** A step failing unless every shown element matching the selector fits the screen's width (phones). */
export function fitsTheScreen(content, selector) {
    return {
        content,
        trigger: selector,
        run() {
            const elements = queryAll(selector).filter((element) => element.offsetParent);
            if (!elements.length) {
                throw new Error(`${content}: nothing shown matches ${selector}`);
            }
            for (const element of elements) {
                const { left, right, width, height } = element.getBoundingClientRect();
                if (!width || !height || left < 0 || right > window.innerWidth) {
                    throw new Error(
                        `${content}: ${element.outerHTML.slice(0, 100)} is at ${left}-${right}, ` +
                            `the screen is ${window.innerWidth} wide`
                    );
                }
            }
        },
    };
}

/** In the call outcome dialog: the prospect becomes a proposal in progress, followed up next week. */
export function answerCallAsProposal() {
    return [
        {
            content: "Reclassify the prospect as a proposal in progress",
            trigger: ".modal .o_field_widget[name='commercial_list'] select",
            run: "selectByLabel Proposals in progress",
        },
        {
            content: "Next follow-up: next week",
            trigger: ".modal .o_field_widget[name='followup_shortcut'] select",
            run: "selectByLabel Next week",
        },
    ];
}
