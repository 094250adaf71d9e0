import type { CoreContext } from '../core-context';
import type { BillingPorts } from './billing-ports';
import { createCustomerService } from './customers/customer-service';
import { createInvoiceGenerator } from './invoices/invoice-generator';
import { createInvoiceRepository } from './invoices/invoice-repository';
import { createInvoiceService } from './invoices/invoice-service';
import { createUsageLines } from './metering/usage-lines';
import { createUsageRecorder } from './metering/usage-recorder';
import { createUsageReport } from './metering/usage-report';
import { createCheckoutService } from './stripe/checkout-service';
import { createPaymentAttempts } from './stripe/payment-attempts';
import { createPaymentSync } from './stripe/payment-sync';
import { createStripeKeyStore } from './stripe/stripe-key';
import { createStripeSdkGateway } from './stripe/stripe-sdk-gateway';

/** Every billing service, built once from the core's context and billing's ports, for the feature to wire. */
export function createBillingServices(context: CoreContext, ports: BillingPorts) {
  const { db, clock, logger } = context;
  const now = () => clock.now();
  const settings = () => context.settings.get().billing;
  const issuer = () => ({ name: settings().issuerName, details: settings().issuerDetails });

  const customers = createCustomerService(db, now);
  const recorder = createUsageRecorder(db, logger, now);
  const lines = createUsageLines(db);
  const currency = () => settings().currency;
  const report = createUsageReport({ db, lines, nodeCosts: ports.nodeCosts, now, currency });
  const invoices = createInvoiceRepository(db);
  const announce = (invoiceId: string) =>
    context.events.emit('invoices:changed', invoices.summary(invoiceId));
  const generator = createInvoiceGenerator({ db, invoices, lines, report, logger, now, onChanged: announce });

  const gateway = createStripeSdkGateway({ apiBase: ports.stripe.baseUrl, fetch: ports.stripe.fetch });
  const key = createStripeKeyStore(context.secrets, gateway);
  const attempts = createPaymentAttempts(db);
  const sync = createPaymentSync({ db, attempts, invoices, gateway, key, logger, now, onChanged: announce });
  const checkout = createCheckoutService({ attempts, invoices, gateway, key, sync, now });
  const lifecycle = createInvoiceService({
    db,
    invoices,
    customers,
    generator,
    issuer,
    now,
    onChanged: announce,
    beforeVoidOpen: (id) => checkout.settle(id),
  });

  return { now, settings, customers, recorder, lines, report, generator, key, sync, checkout, lifecycle };
}

export type BillingServices = ReturnType<typeof createBillingServices>;
