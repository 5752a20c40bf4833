import { registry } from "@web/core/registry";
import { SelectionField, selectionField } from "@web/views/fields/selection/selection_field";

/**
 * The priority codes the contact's list accepts (A/B/C for clients, 1/2/3 for prospects),
 * read from the record's `allowed_priorities` (in the view), which the server computes from the list.
 */
export class PrioritySelectionField extends SelectionField {
    get options() {
        const allowed = (this.props.record.data.allowed_priorities || "").split(",");
        const current = this.props.record.data[this.props.name];
        return super.options.filter(([value]) => allowed.includes(value) || value === current);
    }
}

registry.category("fields").add("pyme_priority_selection", {
    ...selectionField,
    component: PrioritySelectionField,
});
