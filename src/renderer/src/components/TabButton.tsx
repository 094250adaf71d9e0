import type { ReactNode } from 'react';

/** One tab of a `tablist`: says whether it is the one shown, and shows it when pressed. */
export function TabButton({
  isSelected,
  onSelect,
  children,
}: {
  isSelected: boolean;
  onSelect: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={isSelected}
      className={isSelected ? 'tab selected' : 'tab'}
      onClick={onSelect}
    >
      {children}
    </button>
  );
}
