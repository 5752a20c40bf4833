import { registry } from "@web/core/registry";
import { ProgressBarField, progressBarField } from "@web/views/fields/progress_bar/progress_bar_field";
import { onWillUnmount } from "@odoo/owl";

const REFRESH_MS = 2000;

/**
 * The progress of an import running in the background: the record is read again every two seconds
 * while it is running, so the bar moves and the result shows when it is done.
 */
export class ImportProgressField extends ProgressBarField {
    setup() {
        super.setup();
        const timer = setInterval(() => {
            const record = this.props.record;
            if (record.data.state === "running" && !record.isDirty) {
                record.load();
            }
        }, REFRESH_MS);
        onWillUnmount(() => clearInterval(timer));
    }
}

registry.category("fields").add("pyme_crm_import_progress", {
    ...progressBarField,
    component: ImportProgressField,
});
