import type { InvoiceItemModel, TestClockModel } from "./models-billing";

// Kinds added by the billing API, registered with the store's model map by declaration
// merging so the store's own files stay as they are.
declare module "../store" {
  interface Models {
    invoiceitem: InvoiceItemModel;
    test_clock: TestClockModel;
  }
}
