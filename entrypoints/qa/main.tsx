import { render } from 'preact';
import { QaPage } from '../../components/pages/qa/QaPage';
import '../../components/pages/qa/qa.css';

render(<QaPage />, document.getElementById('app')!);
