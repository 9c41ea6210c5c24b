/**
 * A list toolbar's menu (the alert list's columns, the saved views): a compact button named `label`
 * opening a dropdown that scrolls past `height` pixels.
 */
import { Button, Menu } from '@mantine/core';
import type { ReactNode } from 'react';

export function ToolbarMenu(props: {
  label: string;
  height: number;
  /** Whether choosing an item closes the menu (the columns' checkboxes keep it open). */
  closeOnItemClick?: boolean;
  children: ReactNode;
}) {
  return (
    <Menu closeOnItemClick={props.closeOnItemClick} position="bottom-end">
      <Menu.Target>
        <Button size="compact-sm" variant="default">
          {props.label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={props.height} style={{ overflow: 'auto' }}>
        {props.children}
      </Menu.Dropdown>
    </Menu>
  );
}
