import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CountBubble, countLabel } from './CountBubble.tsx';

describe('CountBubble', () => {
  it('says 99+ above 99 in its text and its title (the server stops counting unread notices at 100)', () => {
    render(<CountBubble count={100} testId="bubble" />);
    const bubble = screen.getByTestId('bubble');
    expect(bubble.textContent).toBe('99+');
    expect(bubble.getAttribute('title')).toBe('99+');
    expect([countLabel(1), countLabel(99), countLabel(100)]).toEqual(['1', '99', '99+']);
  });

  it('shows nothing for no count', () => {
    const { container } = render(<CountBubble count={0} />);
    expect(container.textContent).toBe('');
  });
});
