import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';
import { roleProps } from './a11y';

interface ActionButtonProps {
  id: string;
  /** `primary`: the page's main action; `plain`: any other. */
  kind?: 'primary' | 'plain';
  onClick: () => void;
  children: ReactNode;
}

/** A full-width button with the role a browser needs to announce it. */
export function ActionButton({ id, kind = 'plain', onClick, children }: ActionButtonProps) {
  return (
    <Button className={`btn btn--${kind}`} id={id} onClick={onClick} {...roleProps('button')}>
      {children}
    </Button>
  );
}
