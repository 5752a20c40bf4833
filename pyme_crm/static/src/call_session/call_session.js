import {
    Component,
    markup,
    onMounted,
    onWillStart,
    onWillUnmount,
    useExternalListener,
    useState,
} from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { formatMonetary } from "@web/views/fields/formatters";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const SESSION = "pyme_crm.call.session";
const LINE = "pyme_crm.call.session.line";
// The follow-up shortcuts shown as buttons; the months go in a select, "date" is a date input.
const SHORTCUT_BUTTONS = ["none", "today", "tomorrow", "next_week"];
// The session's fields whose labels (translated by the server) the screen shows.
const FIELDS = [
    "call_limit",
    "planned_minutes",
    "sales_style",
    "scope",
    "call_count",
    "answered_count",
    "appointment_count",
    "proposal_count",
    "move_count",
];
const SUMMARY = [
    ["calls", "call_count"],
    ["answered", "answered_count"],
    ["appointments", "appointment_count"],
    ["proposals", "proposal_count"],
    ["moves", "move_count"],
];

/**
 * The call screen: the salesperson's session of calls, one contact at a time. A draft session asks
 * for its size and starts; a running one shows its next pending call with everything needed to make
 * it and log it; a done one shows its summary. Every figure comes from one server call (get_screen).
 */
export class PymeCrmCallSession extends Component {
    static template = "pyme_crm.CallSession";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({
            screen: null,
            labels: {},
            start: { call_limit: 0, planned_minutes: 0, sales_style: "", scope: "" },
            call: this.emptyCall(false),
            onHold: null,
            busy: false,
            now: Date.now(),
        });
        this.loadedAt = Date.now();
        onWillStart(async () => {
            this.sessionId = await this.findSession();
            await Promise.all([this.loadLabels(), this.load()]);
        });
        useExternalListener(window, "keydown", (ev) => this.onKeydown(ev));
        onMounted(() => {
            this.timer = setInterval(() => (this.state.now = Date.now()), 30000);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }

    // ------------------------------------------------------------
    // LOADING
    // ------------------------------------------------------------

    async findSession() {
        const { params = {}, context = {} } = this.props.action || {};
        if (params.session_id) {
            return params.session_id;
        }
        if (context.active_model === SESSION && context.active_id) {
            return context.active_id;
        }
        return this.orm.call(SESSION, "action_open_current", []);
    }

    async loadLabels() {
        const fields = await this.orm.call(SESSION, "fields_get", [FIELDS], {
            attributes: ["string", "help"],
        });
        this.state.labels = fields;
    }

    async load() {
        const screen = await this.orm.call(SESSION, "get_screen", [[this.sessionId]]);
        this.loadedAt = Date.now();
        this.state.now = this.loadedAt;
        const { session } = screen;
        if (session.state === "draft") {
            Object.assign(this.state.start, {
                call_limit: session.call_limit,
                planned_minutes: session.planned_minutes,
                sales_style: session.sales_style,
                scope: session.scope,
            });
        }
        this.state.call = this.emptyCall(screen.line);
        this.state.screen = screen;
    }

    emptyCall(line) {
        return {
            lineId: line ? line.id : false,
            outcomeId: false,
            note: "",
            shortcut: false,
            date: "",
            commercialList: line ? line.partner.commercial_list : "",
            priority: line ? line.partner.priority : "",
        };
    }

    /** Run one server action at a time; errors show as Odoo shows them (the error dialog). */
    async run(callback) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await callback();
        } finally {
            this.state.busy = false;
        }
    }

    // ------------------------------------------------------------
    // GETTERS
    // ------------------------------------------------------------

    get session() {
        return this.state.screen.session;
    }

    get line() {
        return this.state.screen.line;
    }

    get outcomes() {
        return this.state.screen.outcomes;
    }

    get selectedOutcome() {
        return this.outcomes.find((outcome) => outcome.id === this.state.call.outcomeId);
    }

    get mainPhone() {
        const { phone, mobile } = this.line.partner;
        return phone || mobile;
    }

    get otherPhone() {
        const { phone, mobile } = this.line.partner;
        return phone && mobile !== phone ? mobile : "";
    }

    get elapsedMinutes() {
        const running = this.session.state === "running";
        const since = running ? Math.floor((this.state.now - this.loadedAt) / 60000) : 0;
        return this.session.elapsed_minutes + Math.max(since, 0);
    }

    get callPercent() {
        const { handled_count, line_count } = this.session;
        return line_count ? Math.round((100 * handled_count) / line_count) : 100;
    }

    get timePercent() {
        const planned = this.session.planned_minutes;
        return planned ? Math.min(100, Math.round((100 * this.elapsedMinutes) / planned)) : 0;
    }

    get shortcutButtons() {
        return this.state.screen.shortcuts.filter(([key]) => SHORTCUT_BUTTONS.includes(key));
    }

    get monthShortcuts() {
        return this.state.screen.shortcuts.filter(([key]) => key.startsWith("month_"));
    }

    get hasDateShortcut() {
        return this.state.screen.shortcuts.some(([key]) => key === "date");
    }

    get priorityOptions() {
        return this.line.priorities[this.state.call.commercialList] || [];
    }

    get summaryFigures() {
        const summary = this.state.screen.summary;
        return SUMMARY.map(([key, field]) => ({
            key,
            label: this.label(field),
            value: summary[key],
        }));
    }

    get script() {
        return markup(this.line.script || "");
    }

    label(field) {
        return this.state.labels[field]?.string || "";
    }

    help(field) {
        return this.state.labels[field]?.help || "";
    }

    // ------------------------------------------------------------
    // FORMATTING
    // ------------------------------------------------------------

    tel(number) {
        return `tel:${(number || "").replace(/[^\d+]/g, "")}`;
    }

    formatNoteDate(date) {
        return date ? formatDateTime(deserializeDateTime(date)) : "";
    }

    formatAmount(amount, currencyId) {
        return formatMonetary(amount, { currencyId });
    }

    // ------------------------------------------------------------
    // ACTIONS
    // ------------------------------------------------------------

    async start() {
        const { call_limit, planned_minutes, sales_style, scope } = this.state.start;
        await this.run(async () => {
            await this.orm.write(SESSION, [this.sessionId], {
                call_limit: parseInt(call_limit, 10) || 0,
                planned_minutes: parseInt(planned_minutes, 10) || 0,
                sales_style,
                scope,
            });
            await this.orm.call(SESSION, "action_start", [[this.sessionId]]);
            await this.load();
        });
    }

    selectOutcome(outcome) {
        if (this.state.busy || !this.line) {
            return;
        }
        if (outcome.no_answer) {
            // nobody answered: nothing more to say, logged at once
            return this.log(outcome);
        }
        this.state.call.outcomeId = outcome.id;
    }

    selectShortcut(key) {
        this.state.call.shortcut = key;
    }

    onMonthChange(ev) {
        this.state.call.shortcut = ev.target.value || false;
    }

    onDateChange(ev) {
        this.state.call.date = ev.target.value;
        this.state.call.shortcut = ev.target.value ? "date" : false;
    }

    onListChange(ev) {
        const call = this.state.call;
        call.commercialList = ev.target.value;
        // keep the priority when the new list accepts it
        if (!this.priorityOptions.some(([key]) => key === call.priority)) {
            call.priority = "";
        }
    }

    async saveAndNext() {
        if (this.state.busy || !this.line) {
            return;
        }
        const outcome = this.selectedOutcome;
        if (!outcome) {
            this.notification.add(_t("Choose the outcome of the call first."), { type: "warning" });
            return;
        }
        await this.log(outcome);
    }

    async log(outcome) {
        const call = this.state.call;
        const line = this.line;
        const partner = line.partner;
        const listChanged = Boolean(call.commercialList) && call.commercialList !== partner.commercial_list;
        const priorityChanged = (call.priority || "") !== (partner.priority || "");
        await this.run(async () => {
            const result = await this.orm.call(LINE, "action_log", [[line.id]], {
                outcome_id: outcome.id,
                note: call.note,
                followup_shortcut: call.shortcut || null,
                followup_date: call.shortcut === "date" ? call.date || false : false,
                commercial_list: listChanged ? call.commercialList : null,
                commercial_priority: listChanged || priorityChanged ? call.priority || false : null,
            });
            if (result.suggest_on_hold) {
                this.state.onHold = { partnerId: partner.id, name: partner.name, attempts: result.attempts };
            }
            await this.load();
        });
    }

    async skip() {
        if (this.state.busy || !this.line) {
            return;
        }
        const line = this.line;
        await this.run(async () => {
            await this.orm.call(LINE, "action_skip", [[line.id]]);
            await this.load();
        });
    }

    async end() {
        await this.run(async () => {
            await this.orm.call(SESSION, "action_end", [[this.sessionId]]);
            this.state.onHold = null;
            await this.load();
        });
    }

    /** The link opens WhatsApp in a new tab by itself; the server logs the message on the contact. */
    onWhatsapp() {
        this.orm.call("res.partner", "action_whatsapp", [[this.line.partner.id]]);
    }

    async putOnHold() {
        const { partnerId, name } = this.state.onHold;
        await this.run(async () => {
            await this.orm.call("res.partner", "action_put_on_hold", [[partnerId]]);
            this.state.onHold = null;
            this.notification.add(_t("%s is on hold now.", name), { type: "success" });
        });
    }

    keep() {
        this.state.onHold = null;
    }

    backToFollowups() {
        return this.action.doAction("pyme_crm.res_partner_action_followup");
    }

    // ------------------------------------------------------------
    // KEYBOARD
    // ------------------------------------------------------------

    /** 1..9 pick the n-th outcome, N saves and goes to the next, S skips (outside the inputs);
     * Ctrl+Enter saves from anywhere. */
    onKeydown(ev) {
        const screen = this.state.screen;
        if (!screen || screen.session.state !== "running" || !this.line || this.state.onHold) {
            return;
        }
        if (document.querySelector(".modal")) {
            return; // a dialog (an error) has the keyboard
        }
        const key = (ev.key || "").toLowerCase();
        if ((ev.ctrlKey || ev.metaKey) && key === "enter") {
            ev.preventDefault();
            this.saveAndNext();
            return;
        }
        if (ev.ctrlKey || ev.altKey || ev.metaKey || ev.repeat) {
            return;
        }
        if (ev.target.closest?.("input, textarea, select, [contenteditable='true']")) {
            return;
        }
        if (/^[1-9]$/.test(key)) {
            const outcome = this.outcomes[Number(key) - 1];
            if (outcome) {
                ev.preventDefault();
                this.selectOutcome(outcome);
            }
        } else if (key === "n") {
            ev.preventDefault();
            this.saveAndNext();
        } else if (key === "s") {
            ev.preventDefault();
            this.skip();
        }
    }
}

registry.category("actions").add("pyme_crm.call_session", PymeCrmCallSession);
