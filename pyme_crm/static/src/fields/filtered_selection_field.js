import { registry } from "@web/core/registry";
import { SelectionField, selectionField } from "@web/views/fields/selection/selection_field";

/**
 * A selection offering only the values listed, comma-separated, in another field of the
 * record (options="{'allowed_field': ...}"), which the server computes: the priority codes
 * a list accepts, the lists a contact may move to.
 */
export class FilteredSelectionField extends SelectionField {
    static props = { ...SelectionField.props, allowedField: { type: String } };

    get options() {
        const allowed = (this.props.record.data[this.props.allowedField] || "").split(",");
        const current = this.props.record.data[this.props.name];
        return super.options.filter(([value]) => allowed.includes(value) || value === current);
    }
}

registry.category("fields").add("pyme_filtered_selection", {
    ...selectionField,
    component: FilteredSelectionField,
    extractProps(fieldInfo, dynamicInfo) {
        return {
            ...selectionField.extractProps(fieldInfo, dynamicInfo),
            allowedField: fieldInfo.options.allowed_field,
        };
    },
});
