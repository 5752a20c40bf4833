import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { formatMonetary, formatPercentage } from "@web/views/fields/formatters";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/** The method's dashboard: one server call gives every figure of the period and the previous one. */
export class PymeCrmDashboard extends Component {
    static template = "pyme_crm.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.periods = [
            ["month", _t("This month")],
            ["quarter", _t("This quarter")],
            ["year", _t("This year")],
            ["range", _t("Dates")],
        ];
        this.state = useState({ scope: "mine", period: "month", dateFrom: "", dateTo: "", data: null });
        onWillStart(() => this.load());
    }

    async load() {
        const { scope, period, dateFrom, dateTo } = this.state;
        this.state.data = await this.orm.call("pyme_crm.dashboard", "get_dashboard", [], {
            scope,
            period,
            date_from: dateFrom || false,
            date_to: dateTo || false,
        });
        this.state.dateFrom = this.state.data.date_from;
        this.state.dateTo = this.state.data.date_to;
    }

    async onChange(field, ev) {
        this.state[field] = ev.target.value;
        if (field !== "period" || ev.target.value !== "range") {
            await this.load();
        }
    }

    /** A figure in the user's language: money in the company currency, rates as percentages. */
    format(figure, value) {
        if (value === null || value === undefined) {
            return "";
        }
        if (figure.percent) {
            return formatPercentage(value / 100, { digits: [16, 1] });
        }
        if (figure.monetary) {
            return formatMonetary(value, { currencyId: this.state.data.currency_id });
        }
        return String(value);
    }

    formatDay(isoDate) {
        return formatDate(deserializeDate(isoDate));
    }

    trend(figure) {
        if (figure.previous === null || figure.previous === undefined || figure.value === figure.previous) {
            return "";
        }
        return figure.value > figure.previous ? "text-success" : "text-danger";
    }

    open(figure) {
        const view = figure.view || "list";
        this.action.doAction({
            type: "ir.actions.act_window",
            name: figure.label,
            res_model: figure.model,
            domain: figure.domain,
            views: view === "list" ? [[false, "list"], [false, "form"]] : [[false, view], [false, "list"]],
            target: "current",
        });
    }
}

registry.category("actions").add("pyme_crm_dashboard", PymeCrmDashboard);
