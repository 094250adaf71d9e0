import type { ErrorView } from '../store/slice';

export function ErrorBanner({ error, onDismiss }: { error: ErrorView | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-code={error.code}>
      <span>{error.message}</span>
      {onDismiss ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
