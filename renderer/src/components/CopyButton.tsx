import { useEffect, useState } from 'react';
import { Icon } from './Icon.js';

/** Copies text; says so for two seconds, or explains why it could not (clipboard access denied). */
export function CopyButton({ text, label = 'Copy', className }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const handle = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(handle);
  }, [state]);
  const copy = () => {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      setState('failed');
      return;
    }
    clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <>
      <button type="button" className={className ? `btn ${className}` : 'btn'} onClick={copy}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} />
        <span>{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy manually' : label}</span>
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Could not copy; select the text and copy it manually'
            : ''}
      </span>
    </>
  );
}
