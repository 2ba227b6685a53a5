import { fireEvent, render, screen } from '@testing-library/react';
import { PfsButton } from './PfsButton';

describe('PfsButton (H5)', () => {
  it('draws its own spinner while loading and never hands `loading` to Taro’s button (its Stencil re-render breaks under React)', () => {
    const onClick = jest.fn();
    const { rerender, container } = render(<PfsButton onClick={onClick}>发送实名邀请</PfsButton>);
    const button = screen.getByRole('button', { name: '发送实名邀请' });
    expect(container.querySelector('.pfs-btn__spinner')).toBeNull();

    rerender(
      <PfsButton onClick={onClick} loading>
        发送实名邀请
      </PfsButton>,
    );
    expect(container.querySelector('.pfs-btn__spinner')).not.toBeNull();
    expect(button.hasAttribute('disabled')).toBe(true);
    // The jsdom stand-in renders a `loading` prop as aria-busy: absent means the prop never reached the button.
    expect(button.getAttribute('aria-busy')).toBeNull();

    rerender(<PfsButton onClick={onClick}>发送实名邀请</PfsButton>);
    expect(container.querySelector('.pfs-btn__spinner')).toBeNull();
    fireEvent.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
