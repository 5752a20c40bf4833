import { useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { useService } from "@web/core/utils/hooks";
import { ActivityMarkAsDone } from "@mail/core/web/activity_markasdone_popover";

/**
 * "Mark Done" asks for the outcome of the activities whose type has outcomes (a call: no answer,
 * interested...) and for the note when the outcome needs one. The server checks both again.
 */
patch(ActivityMarkAsDone.prototype, {
    setup() {
        super.setup();
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.outcome = useState({ id: this.props.activity.outcome_id?.[0] || 0 });
    },

    get outcomeOptions() {
        return this.props.activity.outcome_options || [];
    },

    /** Saves the chosen outcome on the activity; false (and a warning) when something is missing. */
    async saveOutcome() {
        if (!this.outcomeOptions.length) {
            return true;
        }
        const outcome = this.outcomeOptions.find((option) => option.id === this.outcome.id);
        if (!outcome) {
            this.notification.add(_t("Choose the outcome of the activity."), { type: "warning" });
            return false;
        }
        const { feedback, outcome_note } = this.props.activity;
        if (outcome.note_required && !(feedback || outcome_note || "").trim()) {
            this.notification.add(_t("The outcome “%s” needs a note: write what happened.", outcome.name), {
                type: "warning",
            });
            return false;
        }
        await this.orm.write("mail.activity", [this.props.activity.id], { outcome_id: outcome.id });
        return true;
    },

    async onClickDone() {
        if (await this.saveOutcome()) {
            return super.onClickDone();
        }
    },

    async onClickDoneAndScheduleNext() {
        if (await this.saveOutcome()) {
            return super.onClickDoneAndScheduleNext();
        }
    },
});
