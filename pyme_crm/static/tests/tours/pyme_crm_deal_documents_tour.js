import { registry } from "@web/core/registry";

const DEAL = "Reforma oficinas Delicias";

function backToTheDeal() {
    return {
        content: "Back to the deal",
        trigger: `.o_breadcrumb .breadcrumb-item a:contains('${DEAL}')`,
        run: "click",
    };
}

/** Adds one line of the product to the order of the open form, then saves the order. */
function addLine(productField, price) {
    const row = ".o_field_widget[name='order_line'] .o_selected_row";
    return [
        {
            content: "Add a line",
            trigger: ".o_field_widget[name='order_line'] .o_field_x2many_list_row_add a:first",
            run: "click",
        },
        {
            content: "Type the product",
            trigger: `${row} .o_field_widget[name='${productField}'] input`,
            run: "edit Instalación eléctrica",
        },
        {
            content: "Pick it",
            trigger: "ul.ui-autocomplete a:contains('Instalación eléctrica')",
            run: "click",
        },
        {
            content: "The line has its price",
            trigger: `${row} .o_field_widget[name='price_unit'] input:value('${price}')`,
        },
        {
            content: "Save the order",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ];
}

function statButton(name, text) {
    return {
        content: `The deal shows ${text}`,
        trigger: `button[name='${name}']:contains('${text}')`,
    };
}

registry.category("web_tour.tours").add("pyme_crm_deal_documents_tour", {
    steps: () => [
        {
            content: "The deal is open",
            trigger: `.o_breadcrumb:contains('${DEAL}')`,
        },
        {
            content: "New quotation from the deal",
            trigger: "button[name='action_sale_quotations_new']",
            run: "click",
        },
        ...addLine("product_template_id", "450.00"),
        {
            content: "Confirm the quotation",
            trigger: "button[name='action_confirm']:visible",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sale']",
        },
        {
            content: "Create the invoice",
            trigger: "button#create_invoice:visible",
            run: "click",
        },
        {
            content: "Create a draft invoice",
            trigger: ".modal button[name='create_invoices']",
            run: "click",
        },
        {
            content: "The invoice is linked to the deal",
            trigger: `.o_field_widget[name='opportunity_id'] input:value('${DEAL}')`,
        },
        {
            content: "Post the invoice",
            trigger: "button[name='action_post']:visible",
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='posted']",
        },
        backToTheDeal(),
        {
            content: "New purchase order from the deal",
            trigger: "button[name='action_new_purchase_order']",
            run: "click",
        },
        {
            content: "The purchase order is for the deal",
            trigger: `.o_field_widget[name='opportunity_id'] input:value('${DEAL}')`,
        },
        {
            content: "Choose the vendor",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Suministros",
        },
        {
            content: "Pick it",
            trigger: "ul.ui-autocomplete a:contains('Suministros Aragón')",
            run: "click",
        },
        ...addLine("product_id", "200.00"),
        {
            content: "Confirm the purchase order",
            trigger: "button[name='button_confirm']:visible",
            run: "click",
        },
        {
            content: "The purchase order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='purchase']",
        },
        backToTheDeal(),
        {
            content: "Show every smart button",
            trigger: ".o-form-buttonbox .o_button_more",
            run: "click",
        },
        {
            content: "No open quotation left",
            trigger: "button[name='action_view_sale_quotation'] [name='quoted_amount']:contains('0.00')",
        },
        statButton("action_view_sale_order", "450.00"),
        statButton("action_view_invoices", "Invoiced"),
        {
            content: "Invoiced 450",
            trigger: "button[name='action_view_invoices'] [name='invoiced_amount']:contains('450.00')",
        },
        {
            content: "Nothing paid yet",
            trigger: "button[name='action_view_invoices'] [name='paid_amount']:contains('0.00')",
        },
        {
            content: "Purchased 200",
            trigger: "button[name='action_view_purchase_orders'] [name='purchased_amount']:contains('200.00')",
        },
        {
            content: "Margin 250",
            trigger: "button[name='action_view_document_figures'] [name='margin_amount']:contains('250.00')",
        },
        {
            content: "Open the deal's documents",
            trigger: "button[name='action_view_document_figures']",
            run: "click",
        },
        {
            content: "Every document is listed",
            trigger: ".o_list_view .o_data_row:nth-child(3) .o_data_cell[name='document_name']",
        },
    ],
});

registry.category("web_tour.tours").add("pyme_crm_accountant_invoice_tour", {
    steps: () => [
        {
            content: "The invoice names its deal",
            trigger: `.o_field_widget[name='opportunity_id'] input:value('${DEAL}')`,
        },
        {
            content: "…its stage",
            trigger: ".o_field_widget[name='opportunity_stage_id']:contains('Qualified')",
        },
        {
            content: "…and its salesperson",
            trigger: ".o_field_widget[name='opportunity_user_id']:contains('Lucía Romero')",
        },
        {
            content: "Focus the deal",
            trigger: ".o_field_widget[name='opportunity_id'] input",
            run: "click",
        },
        {
            content: "Open the deal",
            trigger: ".o_field_widget[name='opportunity_id'] .o_external_button",
            run: "click",
        },
        {
            content: "The deal opens read-only with its figures",
            trigger: ".o_form_view .o_field_widget[name='invoiced_amount']:contains('450.00')",
        },
        {
            content: "It cannot be edited",
            trigger: `.o_form_view .o_field_widget[name='name']:not(:has(input, textarea)):contains('${DEAL}')`,
        },
    ],
});
