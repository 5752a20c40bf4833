import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { cookie } from "@web/core/browser/cookie";
import { getColor, getCustomColor, hexToRGBA } from "@web/core/colors/colors";
import { deserializeDate } from "@web/core/l10n/dates";
import { formatMonetary, formatPercentage } from "@web/views/fields/formatters";

const colorScheme = cookie.get("color_scheme");
const TEXT_COLOR = getCustomColor(colorScheme, "#111827", "#E4E4E4");
const GRID_COLOR = getCustomColor(colorScheme, "rgba(0,0,0,.1)", "rgba(255,255,255,.15)");

/**
 * One of the dashboard's charts, drawn with the Chart.js that Odoo's graph views load. The server gives
 * the labels (months as ISO dates) and the datasets; a click on a bar, point or slice hands its dataset
 * and index to ``onOpen``, which opens the records behind it.
 */
export class PymeCrmDashboardChart extends Component {
    static template = "pyme_crm.DashboardChart";
    static props = { chart: Object, currencyId: Number, onOpen: Function };

    setup() {
        this.canvasRef = useRef("canvas");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => {
                this.chart?.destroy();
                this.chart = new Chart(this.canvasRef.el, this.config());
            },
            () => [this.props.chart]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    get isDoughnut() {
        return this.props.chart.type === "doughnut";
    }

    /** A value as the user reads it: money in the company currency, rates as percentages. */
    format(dataset, value, short = false) {
        if (value === null || value === undefined) {
            return "";
        }
        if (dataset.percent) {
            return formatPercentage(value / 100, { digits: [16, 1] });
        }
        if (this.props.chart.monetary) {
            const options = short ? { humanReadable: true, digits: [16, 1] } : {};
            return formatMonetary(value, { currencyId: this.props.currencyId, ...options });
        }
        return String(value);
    }

    /** A month as the user's language writes it, short on the axis ("dic 26"), long in the tooltip. */
    month(isoDate, long = false) {
        return deserializeDate(isoDate).toFormat(long ? "LLLL yyyy" : "LLL yy");
    }

    datasets() {
        const { chart } = this.props;
        return chart.datasets.map((dataset, index) => {
            if (this.isDoughnut) {
                const colors = dataset.data.map((_value, slice) => getColor(slice, colorScheme, "sm"));
                return { label: dataset.label, data: dataset.data, backgroundColor: colors };
            }
            // a year against the year before: the same color, lighter
            const yearBefore = chart.monetary && index > 0;
            const color = getColor(yearBefore ? 0 : index, colorScheme, "sm");
            const line = dataset.type === "line";
            return {
                label: dataset.label,
                data: dataset.data,
                type: line ? "line" : "bar",
                backgroundColor: yearBefore ? hexToRGBA(color, 0.35) : color,
                borderColor: color,
                yAxisID: dataset.percent ? "percent" : undefined,
                pointRadius: line ? 4 : undefined,
                spanGaps: false,
            };
        });
    }

    scales() {
        if (this.isDoughnut) {
            return {};
        }
        const { chart } = this.props;
        // a horizontal chart (the funnel) has its categories on the y axis, where long names fit a phone
        const [categoryAxis, valueAxis] = chart.horizontal ? ["y", "x"] : ["x", "y"];
        const scales = {
            [categoryAxis]: {
                ticks: {
                    color: TEXT_COLOR,
                    autoSkip: Boolean(chart.months),
                    maxRotation: 0,
                    callback: (value, index) =>
                        chart.months ? this.month(chart.labels[index]) : chart.labels[index],
                },
                grid: { display: false },
            },
            [valueAxis]: {
                beginAtZero: true,
                ticks: {
                    color: TEXT_COLOR,
                    precision: 0,
                    callback: (value) => this.format(chart.datasets[0], value, true),
                },
                grid: { color: GRID_COLOR },
            },
        };
        const percent = chart.datasets.find((dataset) => dataset.percent);
        if (percent) {
            scales.percent = {
                position: "right",
                min: 0,
                max: 100,
                ticks: { color: TEXT_COLOR, callback: (value) => this.format(percent, value) },
                grid: { display: false },
            };
        }
        return scales;
    }

    config() {
        const { chart } = this.props;
        return {
            type: this.isDoughnut ? "doughnut" : "bar",
            data: { labels: chart.labels, datasets: this.datasets() },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                indexAxis: chart.horizontal ? "y" : "x",
                animation: false,
                scales: this.scales(),
                plugins: {
                    legend: { position: "bottom", labels: { color: TEXT_COLOR, boxWidth: 12 } },
                    tooltip: {
                        callbacks: {
                            title: (items) => {
                                const [{ datasetIndex, dataIndex }] = items;
                                const months = chart.datasets[datasetIndex].months || chart.labels;
                                return chart.months ? this.month(months[dataIndex], true) : chart.labels[dataIndex];
                            },
                            label: (item) => {
                                const dataset = chart.datasets[item.datasetIndex];
                                return `${dataset.label}: ${this.format(dataset, item.raw)}`;
                            },
                        },
                    },
                },
                onHover: (ev, elements) => {
                    ev.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
                onClick: (ev, elements) => {
                    const [element] = elements;
                    if (element) {
                        const dataset = chart.datasets[element.datasetIndex];
                        this.props.onOpen(chart, dataset, element.index);
                    }
                },
            },
        };
    }
}
