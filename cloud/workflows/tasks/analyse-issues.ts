import { StockMateError } from '../../../shared';
import type {
  Decision,
  IssueAnalysis,
  ProductSituation,
  StockStatus,
} from '../../../shared/analytics';
import { analyseIssues } from '../../../shared/analytics';
import type { CommandContext } from '../../app/execute';
import type { Tx } from '../../db/port';
import {
  acquireAnalysis,
  claimStatus,
  productSituation,
  productSituations,
  releaseAnalysis,
  suggestionsSoFar,
} from '../../db/queries/planning';
import { stableId } from '../notifications';
import type { SituationRow } from '../../db/queries/planning';
import { planProducts } from '../planning';
import type { Issue, IssuesFound, StockChangedInput, TaskPorts } from './ports';

/** Planning older than this is refreshed before the analyser relies on it. */
const STALE_MS = 24 * 3600 * 1000;

const plannedLongAgo = (row: SituationRow, now: Date) =>
  row.analysedAt === null || now.getTime() - Date.parse(row.analysedAt) > STALE_MS;

/** An analysis that changes nothing: no decision to carry out, the status as it stands. */
const asksNothing = (row: SituationRow, analysis: IssueAnalysis) =>
  analysis.decisions.length === 0 && row.lastStatus === analysis.status;

const situationOf = (row: SituationRow, today: string): ProductSituation => {
  const dailyDemand =
    row.leadTimeDemand !== null && (row.plannedLeadTime ?? 0) > 0
      ? row.leadTimeDemand / (row.plannedLeadTime ?? 1)
      : 0;
  const due = (statuses: readonly string[]) =>
    row.orders
      .filter((o) => statuses.includes(o.status))
      .reduce((sum, o) => sum + o.quantityDue, 0);
  return {
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    unitCost: { amountMinor: row.unitCostMinor, currency: row.currency },
    leadTimeDays: row.leadTimeDays,
    onHand: row.onHand,
    reserved: row.reserved,
    onOrder: due(['submitted', 'postponed', 'partially_received']),
    reorderPoint: row.minStock ?? row.plannedReorderPoint,
    maxStock: row.maxStock ?? row.plannedMaxStock,
    dailyDemand,
    supplier:
      row.supplier === null
        ? null
        : {
            ...row.supplier,
            unitPrice:
              row.supplier.unitPriceMinor === null || row.supplier.currency === null
                ? null
                : { amountMinor: row.supplier.unitPriceMinor, currency: row.supplier.currency },
          },
    receivingWarehouseId: row.receivingWarehouseId,
    openOrders: row.orders,
    expiredReservations: row.expiredReservations,
    lastStatus: row.lastStatus as StockStatus | null,
    suggestAgainOn: row.suggestAgainOn,
    today,
  };
};

const STATUS_FINDINGS: ReadonlySet<string> = new Set(['LOW_STOCK', 'STOCKOUT', 'OVERSTOCK']);

/** Runs a command, treating the given refusal as "another run already did it". */
const unlessDone = async <T>(
  work: () => Promise<T>,
  done: (error: StockMateError) => boolean,
): Promise<T | null> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StockMateError && done(error)) return null;
    throw error;
  }
};

/**
 * Carries out one decision as a command of the backend's own. Keys derive from the event that
 * started the run, so a retried run repeats nothing; a suggested order's id derives from the
 * product and how many were suggested before, so two runs deciding at once create one order.
 */
const carryOut = async (
  ports: TaskPorts,
  input: StockChangedInput,
  productId: string,
  decision: Decision,
): Promise<string | null> => {
  const context = (suffix: string): CommandContext => ({
    tenantId: input.tenantId,
    actor: 'system:issue-analyser',
    idempotencyKey: `auto:${input.eventId}:${suffix}`,
    causationId: input.eventId,
  });
  switch (decision.kind) {
    case 'release-expired':
      await unlessDone(
        () =>
          ports.commands.execute(
            'expireReservation',
            { reservationId: decision.reservationId },
            context(`${decision.reservationId}:expire`),
          ),
        (e) => e.type === 'NotFound',
      );
      return null;
    case 'flag-overstock':
      await ports.commands.execute(
        'flagOverstock',
        { productId, available: decision.available, maxStock: decision.maxStock },
        context(`${productId}:overstock`),
      );
      return null;
    case 'suggest-postponement':
      await ports.commands.execute(
        'suggestPostponement',
        {
          purchaseOrderId: decision.purchaseOrderId,
          expectedAt: decision.expectedAt,
          reason: decision.reason,
        },
        context(`${decision.purchaseOrderId}:postpone`),
      );
      return decision.purchaseOrderId;
    case 'suggest-order': {
      const earlier = await ports.db.tenant(input.tenantId, 'read', (tx) =>
        suggestionsSoFar(tx, productId),
      );
      const purchaseOrderId = stableId(`suggested-order:${input.tenantId}:${productId}:${earlier}`);
      try {
        await unlessDone(
          () =>
            ports.commands.execute(
              'suggestPurchaseOrder',
              {
                purchaseOrderId,
                supplierId: decision.supplierId,
                warehouseId: decision.warehouseId,
                expectedAt: decision.expectedAt,
                lines: [{ productId, quantity: decision.quantity, unitCost: decision.unitCost }],
                reason: decision.reason,
              },
              context(`${productId}:order`),
            ),
          (e) => e.type === 'Conflict' && e.field === 'purchaseOrderId',
        );
      } catch (error) {
        // The supplier was archived after the product's situation was read: nothing new goes to
        // it, so there is no order to suggest, and the finding is told without one.
        if (
          error instanceof StockMateError &&
          error.type === 'Conflict' &&
          error.field === 'supplierId'
        )
          return null;
        throw error;
      }
      return purchaseOrderId;
    }
  }
};

/** How long a run holds a product's analysis, and how often it goes round for late changes. */
const LEASE_SECONDS = 60;
const MAX_ROUNDS = 5;

/**
 * Task AnalyseIssues: for each product the command touched, decide and record what it calls for.
 * One run analyses a product at a time; a run that finds the product being analysed leaves it to
 * that run, which goes round again so the last change is always analysed.
 */
export const analyseIssuesTask = async (
  input: StockChangedInput,
  ports: TaskPorts,
): Promise<IssuesFound> => {
  const now = ports.clock.now();
  const today = now.toISOString().slice(0, 10);
  const run = input.executionName;
  const write = <T>(work: (tx: Tx) => Promise<T>) => ports.db.tenant(input.tenantId, 'write', work);
  const situation = (tx: Tx, productId: string) =>
    productSituation(tx, productId, ports.clock.now().toISOString());
  const issues = new Map<string, Issue>();

  const record = (
    row: SituationRow,
    analysis: IssueAnalysis,
    owned: boolean,
    orderIds: ReadonlyMap<Decision['kind'], string> = new Map(),
  ) => {
    for (const finding of analysis.findings) {
      if (STATUS_FINDINGS.has(finding.kind) && !owned) continue;
      // A later round's finding of the same kind replaces the earlier one: its figures are newer.
      issues.set(`${row.productId}:${finding.kind}`, {
        kind: finding.kind,
        severity: finding.severity,
        title: finding.title,
        productId: row.productId,
        purchaseOrderId:
          orderIds.get(
            finding.kind === 'PO_POSTPONED' ? 'suggest-postponement' : 'suggest-order',
          ) ?? null,
        product: { sku: row.sku, name: row.name, unit: row.unit },
        numbers: finding.numbers,
      });
    }
  };

  /** Acts on an analysis made while holding the lease: claims a status change, carries out decisions. */
  const actOn = async (row: SituationRow, analysis: IssueAnalysis): Promise<void> => {
    // The run that moves the status reports the change; a status that stands needs no claim.
    const owned =
      row.lastStatus === analysis.status
        ? row.statusClaimedBy === run
        : await write((tx) => claimStatus(tx, row.productId, analysis.status, run));
    const orderIds = new Map<Decision['kind'], string>();
    for (const decision of analysis.decisions) {
      if (decision.kind === 'flag-overstock' && !owned) continue;
      const purchaseOrderId = await carryOut(ports, input, row.productId, decision);
      if (purchaseOrderId !== null) orderIds.set(decision.kind, purchaseOrderId);
    }
    record(row, analysis, owned, orderIds);
  };

  /**
   * Takes the lease, reads and analyses in one transaction; when the analysis asks for nothing to
   * be written, lets go in the same transaction, so the usual run costs one. Otherwise the lease
   * stays taken for the decisions to be carried out. Planning that is stale is refreshed first
   * (once: after that, the analysis goes ahead with what there is).
   */
  type First =
    | { readonly kind: 'skip' | 'busy' | 'stale' }
    | {
        readonly kind: 'done' | 'held';
        readonly row: SituationRow;
        readonly analysis: IssueAnalysis;
      };
  const first = (productId: string, planned: boolean): Promise<First> =>
    write(async (tx) => {
      const taken = await acquireAnalysis(tx, productId, run, LEASE_SECONDS);
      const row = await situation(tx, productId);
      const free = () =>
        taken ? releaseAnalysis(tx, productId, run, true) : Promise.resolve(true);
      if (row === null || row.archived) {
        await free();
        return { kind: 'skip' };
      }
      if (plannedLongAgo(row, now) && !planned) {
        await free();
        return { kind: 'stale' };
      }
      if (!taken) return { kind: 'busy' };
      const analysis = analyseIssues(situationOf(row, today));
      if (!asksNothing(row, analysis)) return { kind: 'held', row, analysis };
      await releaseAnalysis(tx, productId, run, true);
      return { kind: 'done', row, analysis };
    });

  /**
   * The usual case first, for all the products in one read: a product nobody is analysing whose
   * analysis asks for nothing to be written is done without taking its lease. The others go
   * through `first`, one by one.
   */
  const settled = new Map<string, First>();
  const read = await ports.db.tenant(input.tenantId, 'read', (tx) =>
    productSituations(tx, input.productIds, now.toISOString()),
  );
  for (const row of read) {
    const leasedElsewhere = row.analysingBy !== null && row.analysingBy !== run;
    if (row.archived || plannedLongAgo(row, now) || leasedElsewhere) continue;
    const analysis = analyseIssues(situationOf(row, today));
    if (asksNothing(row, analysis)) settled.set(row.productId, { kind: 'done', row, analysis });
  }

  for (const productId of input.productIds) {
    let start = settled.get(productId) ?? (await first(productId, false));
    if (start.kind === 'stale') {
      await planProducts(ports.db, input.tenantId, [productId], now, ports.log);
      start = await first(productId, true);
    }
    if (start.kind === 'done') record(start.row, start.analysis, start.row.statusClaimedBy === run);
    if (start.kind !== 'held') continue;
    let done = false;
    for (let round = 0; !done && round < MAX_ROUNDS; round++) {
      try {
        if (round === 0) await actOn(start.row, start.analysis);
        else {
          const row = await ports.db.tenant(input.tenantId, 'read', (tx) =>
            situation(tx, productId),
          );
          if (row !== null && !row.archived)
            await actOn(row, analyseIssues(situationOf(row, today)));
        }
      } catch (error) {
        await write((tx) => releaseAnalysis(tx, productId, run, true));
        throw error;
      }
      done = await write((tx) => releaseAnalysis(tx, productId, run, round === MAX_ROUNDS - 1));
    }
  }
  const found = [...issues.values()];
  return {
    tenantId: input.tenantId,
    executionName: input.executionName,
    eventId: input.eventId,
    issueCount: found.length,
    issues: found,
  };
};
