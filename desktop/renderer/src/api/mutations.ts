/**
 * Mutation documents, built from fixed names only: the field and its input type come from the
 * table below, user values always travel as variables.
 */
import { changeSetFields, notificationFields } from './fragments';

/** Every command mutation and its input type, as the schema declares them. */
export const commands = {
  registerProduct: 'RegisterProductInput',
  updateProduct: 'UpdateProductInput',
  archiveProduct: 'ProductIdInput',
  restoreProduct: 'ProductIdInput',
  createWarehouse: 'CreateWarehouseInput',
  updateWarehouse: 'UpdateWarehouseInput',
  archiveWarehouse: 'WarehouseIdInput',
  restoreWarehouse: 'WarehouseIdInput',
  createSupplier: 'CreateSupplierInput',
  updateSupplier: 'UpdateSupplierInput',
  archiveSupplier: 'SupplierIdInput',
  restoreSupplier: 'SupplierIdInput',
  receiveStock: 'ReceiveStockInput',
  issueStock: 'IssueStockInput',
  adjustStock: 'AdjustStockInput',
  transferStock: 'TransferStockInput',
  countStock: 'CountStockInput',
  reserveStock: 'ReserveStockInput',
  releaseReservation: 'ReleaseReservationInput',
  draftPurchaseOrder: 'DraftPurchaseOrderInput',
  revisePurchaseOrder: 'RevisePurchaseOrderInput',
  submitPurchaseOrder: 'PurchaseOrderIdInput',
  receivePurchaseOrder: 'ReceivePurchaseOrderInput',
  cancelPurchaseOrder: 'CancelPurchaseOrderInput',
  closePurchaseOrder: 'ClosePurchaseOrderInput',
  postponePurchaseOrder: 'PostponePurchaseOrderInput',
} as const;

export type CommandName = keyof typeof commands;

const documents = new Map<CommandName, string>();

/** The document of one command mutation, returning the whole change set. */
export const commandDocument = (name: CommandName): string => {
  let document = documents.get(name);
  if (document === undefined) {
    document = `mutation ${name[0]?.toUpperCase()}${name.slice(1)}($input: ${commands[name]}!) {
      ${name}(input: $input) { ${changeSetFields} }
    }`;
    documents.set(name, document);
  }
  return document;
};

/** The alias of the n-th command of a batch; results and errors come back under it. */
export const batchAlias = (index: number): string => `c${index}`;

/**
 * One document running `count` commands of one kind in order (GraphQL runs mutation fields one
 * after another). Each result is read back small: whether it was a replay and its products.
 */
export const batchDocument = (name: CommandName, count: number): string => {
  const variables = Array.from({ length: count }, (_, i) => `$i${i}: ${commands[name]}!`);
  const fields = Array.from(
    { length: count },
    (_, i) => `${batchAlias(i)}: ${name}(input: $i${i}) { replayed products { productId sku } }`,
  );
  return `mutation Batch(${variables.join(', ')}) {\n${fields.join('\n')}\n}`;
};

export const markReadMutation = `
  mutation MarkRead($input: MarkNotificationReadInput!) {
    markNotificationRead(input: $input) { ${notificationFields} }
  }`;

export const runAnalysisMutation = `
  mutation RunAnalysis($input: RunUsageAnalysisInput!) {
    runUsageAnalysis(input: $input) { executionName status startedAt }
  }`;
