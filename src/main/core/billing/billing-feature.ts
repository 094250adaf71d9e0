import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { BillingPorts } from './billing-ports';
import { createBillingServices, type BillingServices } from './billing-services';

export const INVOICE_WORKER = 'billing-invoices';
export const PAYMENT_WORKER = 'billing-payments';

/**
 * Customers, metering, invoices and Stripe payments. Depends on the rest of the app only through the
 * `deployments:transitioned` and `deployments:changed` events and the ports create-core passes in.
 */
type BillingFeature = Feature<MethodsOf<'customers' | 'billing' | 'invoices' | 'stripe'>>;

function billingWorkers({ settings, generator, sync }: BillingServices): BillingFeature['workers'] {
  return [
    {
      name: INVOICE_WORKER,
      intervalSeconds: () => settings().invoiceIntervalHours * 3600,
      run: () => {
        generator.run();
        return Promise.resolve();
      },
    },
    {
      name: PAYMENT_WORKER,
      intervalSeconds: () => settings().paymentCheckSeconds,
      run: (signal) => sync.sync(signal),
    },
  ];
}

function billingHandlers(services: BillingServices): BillingFeature['handlers'] {
  const { now, customers, lines, report, generator, key, sync, checkout, lifecycle } = services;
  return {
    'customers:list': () => customers.list(),
    'customers:create': (input) => customers.create(input),
    'customers:update': (patch) => customers.update(patch),
    'customers:delete': ({ id }) => customers.delete(id),
    'billing:summary': ({ period }) => report.summary(period),
    'billing:margins': ({ months }) => report.margins(months),
    'billing:usage': (filter) => lines.intervals(filter, now().getTime()),
    'billing:usage-csv': ({ period, customerId }) => report.csv(period, customerId),
    'invoices:list': (filter) => lifecycle.list(filter),
    'invoices:get': ({ id }) => lifecycle.get(id),
    'invoices:generate': () => generator.run(),
    'invoices:create': ({ customerId }) => lifecycle.createManual(customerId),
    'invoices:add-item': (input) => lifecycle.addItem(input),
    'invoices:remove-item': ({ invoiceId, itemId }) => lifecycle.removeItem(invoiceId, itemId),
    'invoices:open': ({ id }) => lifecycle.open(id),
    'invoices:void': ({ id }) => lifecycle.void(id),
    'invoices:create-payment-link': async ({ id }) => {
      await checkout.createLink(id);
      return lifecycle.get(id);
    },
    'invoices:check-payment': async ({ id }) => {
      await sync.checkInvoice(id);
      return lifecycle.get(id);
    },
    'stripe:status': () => key.status(),
    'stripe:set-key': ({ secretKey }) => key.set(secretKey),
    'stripe:remove-key': () => key.remove(),
  };
}

export function createBillingFeature(context: CoreContext, ports: BillingPorts): BillingFeature {
  const services = createBillingServices(context, ports);
  const { recorder } = services;

  // Subscribed at once, not in start(): deployments may report transitions while the core starts.
  const unsubscribe = context.events.on('deployments:transitioned', (transition) => {
    recorder.record(transition);
  });
  // A new customer or price keeps the status: metered as such a step, it splits the billable interval there.
  const offChanges = context.events.on('deployments:changed', (deployment) => {
    const { status, updatedAt } = deployment;
    recorder.record({ deployment, from: status, to: status, at: updatedAt, cause: 'customer-changed' });
  });

  return {
    workers: billingWorkers(services),
    handlers: billingHandlers(services),
    close() {
      unsubscribe();
      offChanges();
      return Promise.resolve();
    },
  };
}
