import type { StockChangedInput, TaskPorts } from './ports';

/** Task MeterUsage: the command's stock movements count towards the tenant's billing period, once. */
export const meterUsageTask = async (input: StockChangedInput, ports: TaskPorts) => {
  if (input.movementCount <= 0) return { recorded: false, reported: 0 };
  return ports.billing.meter({
    tenantId: input.tenantId,
    identifier: input.eventId,
    metric: 'stock_movements',
    quantity: input.movementCount,
    occurredAt: input.occurredAt,
  });
};
