import { render } from 'preact';
import { Reports } from '../../components/Reports';
import '../../components/reports.css';

render(<Reports />, document.getElementById('app')!);
