import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { formatInteger, formatMonetary, formatPercentage } from "@web/views/fields/formatters";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { PymeCrmDashboardChart } from "./dashboard_chart";

/**
 * The method's dashboard: one server call gives every figure of the period and the previous one, another
 * the charts' series; each figure, bar or slice opens the records behind it.
 */
export class PymeCrmDashboard extends Component {
    static template = "pyme_crm.Dashboard";
    static components = { PymeCrmDashboardChart };
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
        this.state = useState({
            scope: "mine",
            period: "month",
            dateFrom: "",
            dateTo: "",
            data: null,
            charts: null,
        });
        onWillStart(() => this.load());
    }

    async load() {
        const { scope, period, dateFrom, dateTo } = this.state;
        const kwargs = { scope, period, date_from: dateFrom || false, date_to: dateTo || false };
        const [data, charts] = await Promise.all([
            this.orm.call("pyme_crm.dashboard", "get_dashboard", [], kwargs),
            this.orm.call("pyme_crm.dashboard", "get_charts", [], kwargs),
        ]);
        Object.assign(this.state, { data, charts });
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
        return formatInteger(value);
    }

    /** A figure's value; a count stopped at its limit reads "1,000+". */
    formatValue(figure) {
        const value = this.format(figure, figure.value);
        return figure.capped ? `${value}+` : value;
    }

    /** The tooltip of a count stopped at its limit. */
    cappedTitle(figure) {
        return figure.capped ? _t("More than %s", this.format(figure, figure.value)) : false;
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

    open({ label, model, domain, view = "list", context = {} }) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: label,
            res_model: model,
            domain,
            context,
            views: view === "list" ? [[false, "list"], [false, "form"]] : [[false, view], [false, "list"]],
            target: "current",
        });
    }

    /** The records of a bar, point or slice: its domain, or the server's action when a domain cannot say. */
    async openChart(chart, dataset, index) {
        if (dataset.actions) {
            const action = await this.orm.call(
                "pyme_crm.dashboard",
                "action_open_list_entries",
                [],
                dataset.actions[index]
            );
            return this.action.doAction(action);
        }
        const months = dataset.months || chart.labels;
        const what = chart.months ? deserializeDate(months[index]).toFormat("LLLL yyyy") : chart.labels[index];
        this.open({
            label: `${dataset.label} (${what})`,
            model: dataset.model,
            domain: dataset.domains[index],
            view: dataset.view,
            context: dataset.context,
        });
    }
}

registry.category("actions").add("pyme_crm_dashboard", PymeCrmDashboard);
