import { useAppStore } from '../../store';
import type { Route } from '../../store/navigation-slice';
import { checklistSteps, isSetUp, type ChecklistStep, type ChecklistStepId } from './home-model';
import styles from './home.module.css';

const stepText: Record<ChecklistStepId, { title: string; detail: string; action: string; route: Route }> = {
  key: {
    title: 'Add an SSH key',
    detail: 'Generate a new key, or import the one you already log in to your servers with.',
    action: 'Add a key',
    route: { page: 'keys' },
  },
  node: {
    title: 'Add a server',
    detail: 'Any machine you reach over SSH that runs Docker; you confirm its host key once.',
    action: 'Add a server',
    route: { page: 'nodes', id: 'new' },
  },
  deploy: {
    title: 'Deploy your first app',
    detail: 'Pick a template and a server; progress shows while it starts.',
    action: 'Deploy an app',
    route: { page: 'deployments', id: 'new' },
  },
  billing: {
    title: 'Set up invoicing (optional)',
    detail: 'Add a customer to bill, or a Stripe key so customers can pay online.',
    action: 'Set up invoicing',
    route: { page: 'billing', id: 'settings' },
  },
};

function StepRow({ step, index, isNext }: { step: ChecklistStep; index: number; isNext: boolean }) {
  const navigate = useAppStore((s) => s.navigate);
  const chooseTemplate = useAppStore((s) => s.chooseDeployTemplate);
  const text = stepText[step.id];
  const open = () => {
    // The wizard starts from its template picker, not from a template chosen earlier.
    if (step.id === 'deploy') chooseTemplate(null);
    navigate(text.route);
  };
  return (
    <li className={styles.step} data-testid={`step-${step.id}`} data-done={step.isDone === true}>
      <span className={step.isDone ? `${styles.stepMark} ${styles.stepDone}` : styles.stepMark} aria-hidden>
        {step.isDone ? '✓' : index + 1}
      </span>
      <div className={styles.stepText}>
        <strong>{text.title}</strong>
        <span className="muted">{step.isDone ? 'Done.' : text.detail}</span>
      </div>
      {step.isDone ? null : (
        <button type="button" className={isNext ? 'primary' : undefined} onClick={open}>
          {text.action}
        </button>
      )}
    </li>
  );
}

function useChecklist() {
  const keys = useAppStore((s) => s.home.keys.data);
  const nodes = useAppStore((s) => s.home.nodes.data);
  const deployments = useAppStore((s) => s.home.deployments.data);
  const stripe = useAppStore((s) => s.home.stripe.data);
  const customers = useAppStore((s) => s.home.customers.data);
  // Hidden until the settings load, so a hidden checklist does not flash on every start.
  const isHidden = useAppStore((s) => s.settings?.home.isChecklistHidden ?? true);
  const hasSettings = useAppStore((s) => s.settings !== null);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const steps = checklistSteps({ keys, nodes, deployments, stripe, customers });
  const setHidden = (isChecklistHidden: boolean) => void updateSettings({ home: { isChecklistHidden } });
  return { steps, isHidden, hasSettings, isSetUp: isSetUp(steps), setHidden };
}

/** Brings a hidden checklist back while there are steps left to do. */
export function ShowChecklistButton() {
  const { isHidden, hasSettings, isSetUp: isDone, setHidden } = useChecklist();
  if (!hasSettings || !isHidden || isDone) return null;
  return (
    <button type="button" onClick={() => setHidden(false)}>
      Show checklist
    </button>
  );
}

/** The first-run steps, each done or not from the data Home holds; shown until set up or hidden. */
export function FirstRunChecklist() {
  const { steps, isHidden, isSetUp: isDone, setHidden } = useChecklist();
  if (isHidden || isDone) return null;
  const next = steps.find((step) => step.isDone === false);
  return (
    <section className={`card ${styles.checklist}`} aria-labelledby="checklist-heading">
      <div className="section-head">
        <h2 id="checklist-heading">Get started</h2>
        <button type="button" className="link-button" onClick={() => setHidden(true)}>
          Hide checklist
        </button>
      </div>
      <ol className={styles.steps}>
        {steps.map((step, index) => (
          <StepRow key={step.id} step={step} index={index} isNext={step === next} />
        ))}
      </ol>
    </section>
  );
}
