import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageMeter } from './UsageMeter.tsx';

describe('UsageMeter', () => {
  afterEach(cleanup);

  it('shows used of limit with a progress bar', () => {
    const { container } = render(<UsageMeter label="messages" used={40} limit={50} />);
    expect(screen.getByText('40 of 50 messages used')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'messages' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('warning');
  });

  it('marks an exhausted allowance and shows no bar when unlimited', () => {
    const { container, rerender } = render(<UsageMeter label="messages" used={50} limit={50} />);
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('exhausted');
    rerender(<UsageMeter label="messages" used={1234} limit={null} />);
    expect(screen.getByText('1,234 messages used (unlimited)')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
