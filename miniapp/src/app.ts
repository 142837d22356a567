import type { PropsWithChildren } from 'react';
import './app.css';

// In a browser Taro's components are custom elements, which a keyboard cannot press: Enter and
// Space on anything with a button, link or checkbox role act as a tap, as on a native control.
if (process.env.TARO_ENV === 'h5') {
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const role = target?.getAttribute('role');
    if (!target || (event.key !== 'Enter' && event.key !== ' ')) return;
    if (role !== 'button' && role !== 'link' && role !== 'checkbox') return;
    event.preventDefault();
    target.click();
  });
}

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
