import { useState } from 'react';
import type { BasicAuth, Domain } from '@shared/contract/domains';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';

export interface AuthChoice {
  isOn: boolean;
  username: string;
  password: string;
}

export const noAuth: AuthChoice = { isOn: false, username: '', password: '' };

/** What the core is sent: the login when the box is ticked, else nothing. */
export const basicAuthOf = (choice: AuthChoice): BasicAuth | undefined =>
  choice.isOn ? { username: choice.username.trim(), password: choice.password } : undefined;

/** A login the proxy asks for before the app: for apps without one of their own. The password goes to the keychain. */
export function BasicAuthFields({
  choice,
  onChoice,
  canTurnOff = true,
}: {
  choice: AuthChoice;
  onChoice: (choice: AuthChoice) => void;
  canTurnOff?: boolean;
}) {
  return (
    <>
      {canTurnOff ? (
        <Field label="Ask for a password first (for apps without a login of their own)" layout="checkbox">
          {(id) => (
            <input
              id={id}
              type="checkbox"
              checked={choice.isOn}
              onChange={(event) => onChoice({ ...choice, isOn: event.target.checked })}
            />
          )}
        </Field>
      ) : null}
      {choice.isOn ? (
        <div className="form-row">
          <Field label="User name">
            {(id) => (
              <input
                id={id}
                value={choice.username}
                autoComplete="off"
                onChange={(event) => onChoice({ ...choice, username: event.target.value })}
              />
            )}
          </Field>
          <Field label="Password" hint="At least 10 characters; kept in the keychain only.">
            {(id) => (
              <input
                id={id}
                type="password"
                value={choice.password}
                autoComplete="new-password"
                onChange={(event) => onChoice({ ...choice, password: event.target.value })}
              />
            )}
          </Field>
        </div>
      ) : null}
    </>
  );
}

/** Sets, changes or takes away a domain's password; the proxy follows at once. */
export function DomainPasswordDialog({ domain, onClose }: { domain: Domain; onClose: () => void }) {
  const setAuth = useAppStore((s) => s.setDomainAuth);
  const [choice, setChoice] = useState<AuthChoice>({ isOn: true, username: domain.basicAuthUser ?? '', password: '' });
  const saving = useAction(async (auth: BasicAuth | null) => {
    await setAuth(domain.id, auth);
    onClose();
  });
  return (
    <Dialog title={`Password for ${domain.hostname}`} onClose={onClose}>
      <ErrorBanner error={saving.error} />
      <p className="muted">Visitors of https://{domain.hostname} are asked for this login before they reach the app.</p>
      <BasicAuthFields choice={choice} onChoice={setChoice} canTurnOff={false} />
      <DialogActions
        confirmLabel={saving.isPending ? 'Saving…' : 'Save password'}
        isDisabled={saving.isPending}
        onConfirm={() => void saving.run(basicAuthOf(choice) ?? null)}
        onCancel={onClose}
      />
      {domain.basicAuthUser ? (
        <button type="button" disabled={saving.isPending} onClick={() => void saving.run(null)}>
          Remove the password
        </button>
      ) : null}
    </Dialog>
  );
}
